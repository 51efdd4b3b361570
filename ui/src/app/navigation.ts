import { createContext, useContext } from "react";
import type { SectionId } from "./sections";

/** Navigation is a piece of state in the shell; screens that link elsewhere use this. */
export const NavigationContext = createContext<(section: SectionId) => void>(() => {});

export function useNavigate() {
  return useContext(NavigationContext);
}
