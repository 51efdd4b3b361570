import { Kbd, Modal, Table } from "@mantine/core";
import { SECTIONS } from "./sections";

const SCREEN_SHORTCUTS: [keys: string[], what: string][] = [
  [["Ctrl", "K"], "Search everything (clients, plans, assets, incidents, timelines)"],
  [["/"], "Search clients (on Clients)"],
  [["Enter"], "Add the timeline entry (on an incident)"],
  [["n"], "New client (on Clients), new incident (on Incidents)"],
  [["Ctrl", "L"], "Lock Cordon (the unlock screen until you unlock it)"],
  [["Esc"], "Close a drawer or dialog"],
  [["?"], "This list"],
];

export function ShortcutsHelp({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const rows: [string[], string][] = [
    ...SECTIONS.map((s, i): [string[], string] => [
      [`Alt+${i + 1}`, "or", "g", s.key],
      `Go to ${s.label}`,
    ]),
    ...SCREEN_SHORTCUTS,
  ];
  return (
    <Modal opened={opened} onClose={onClose} title="Keyboard shortcuts" size="md">
      <Table verticalSpacing={6}>
        <Table.Tbody>
          {rows.map(([keys, what]) => (
            <Table.Tr key={what}>
              <Table.Td>
                {keys.map((k, i) =>
                  k === "or" ? (
                    <span key={i}> or </span>
                  ) : (
                    <Kbd key={i} mr={4}>
                      {k}
                    </Kbd>
                  ),
                )}
              </Table.Td>
              <Table.Td>{what}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Modal>
  );
}
