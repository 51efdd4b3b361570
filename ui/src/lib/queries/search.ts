import { useQuery } from "@tanstack/react-query";
import { commands, unwrap } from "../api";
import { searchKeys } from "../queryKeys";

export function useSearch(query: string) {
  const q = query.trim();
  return useQuery({
    queryKey: searchKeys.query(q),
    queryFn: () => unwrap(commands.search(q)),
    enabled: q.length >= 2,
    placeholderData: (previous) => previous,
  });
}
