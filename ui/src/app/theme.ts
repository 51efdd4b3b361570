import { createTheme } from "@mantine/core";

/** One accent colour (indigo) for actions and focus; red, orange and green are kept for
 * status so that they always mean something. */
export const theme = createTheme({
  primaryColor: "indigo",
  defaultRadius: "sm",
  cursorType: "pointer",
  // People who ask their OS for less motion get drawers and dialogs without animation.
  respectReducedMotion: true,
  fontFamily:
    'Inter, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  headings: { fontWeight: "600" },
  components: {
    TextInput: { defaultProps: { size: "sm" } },
    Table: { defaultProps: { verticalSpacing: "xs", fz: "sm" } },
  },
});
