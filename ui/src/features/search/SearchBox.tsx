import { Kbd, Popover, Stack, Text, TextInput, UnstyledButton } from "@mantine/core";
import { useDebouncedValue, useHotkeys } from "@mantine/hooks";
import { IconSearch } from "@tabler/icons-react";
import { Fragment, useRef, useState } from "react";
import type { HitKind, SearchHit } from "../../bindings";
import { useOpenClient, useOpenExercise, useOpenIncident } from "../../app/navigation";
import { errorMessage } from "../../lib/errors";
import { highlight } from "../../lib/highlight";
import { useSearch } from "../../lib/queries/search";
import { UserText } from "../../components/UserText";

const KIND_LABEL: Record<HitKind, string> = {
  incident: "Incidents",
  timeline_entry: "Timeline entries",
  client: "Clients",
  plan: "Plans",
  asset: "Assets",
  exercise: "Exercises",
  exercise_log_entry: "Exercise log",
};
const ORDER: HitKind[] = [
  "incident",
  "timeline_entry",
  "client",
  "asset",
  "plan",
  "exercise",
  "exercise_log_entry",
];

/** Search across every record in the header; Ctrl+K focuses it, Enter opens the chosen hit. */
export function SearchBox() {
  const [text, setText] = useState("");
  const [focused, setFocused] = useState(false);
  const [active, setActive] = useState(0);
  const [query] = useDebouncedValue(text, 150);
  const search = useSearch(query);
  const openClient = useOpenClient();
  const openIncident = useOpenIncident();
  const openExercise = useOpenExercise();
  const ref = useRef<HTMLInputElement>(null);
  useHotkeys([["mod+K", () => ref.current?.focus()]], []);

  const hits = [...(search.data ?? [])].sort(
    (a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind),
  );
  const open = (hit: SearchHit) => {
    setText("");
    ref.current?.blur();
    switch (hit.kind) {
      case "client":
        return openClient({ clientId: hit.client_id });
      case "plan":
        return openClient({ clientId: hit.client_id, tab: "plan" });
      case "asset":
        return openClient({ clientId: hit.client_id, tab: "assets", assetId: hit.id });
      case "incident":
        return openIncident({ incidentId: hit.id });
      case "timeline_entry":
        return hit.incident_id && openIncident({ incidentId: hit.incident_id, entryId: hit.id });
      case "exercise":
      case "exercise_log_entry":
        return hit.exercise_id && openExercise({ exerciseId: hit.exercise_id });
    }
  };
  const shown = focused && query.trim().length >= 2;

  return (
    <Popover opened={shown} position="bottom-start" width={520} shadow="md" trapFocus={false}>
      <Popover.Target>
        <TextInput
          ref={ref}
          w={320}
          size="sm"
          placeholder="Search everything"
          aria-label="Search everything"
          leftSection={<IconSearch size={14} />}
          rightSection={<Kbd size="xs">Ctrl K</Kbd>}
          rightSectionWidth={56}
          value={text}
          onChange={(e) => {
            setText(e.currentTarget.value);
            setActive(0);
          }}
          onFocus={() => setFocused(true)}
          // Later than a click on a hit, which must land first.
          onBlur={() => setTimeout(() => setFocused(false), 150)}
          onKeyDown={(e) => {
            if (e.key === "ArrowDown") {
              e.preventDefault();
              setActive((a) => Math.min(a + 1, hits.length - 1));
            } else if (e.key === "ArrowUp") {
              e.preventDefault();
              setActive((a) => Math.max(a - 1, 0));
            } else if (e.key === "Enter" && hits[active]) {
              e.preventDefault();
              open(hits[active]);
            } else if (e.key === "Escape") {
              setText("");
              ref.current?.blur();
            }
          }}
          data-testid="global-search"
        />
      </Popover.Target>
      <Popover.Dropdown p="xs" data-testid="search-results">
        {search.isError && (
          <Text size="sm" c="red">
            {errorMessage(search.error)}
          </Text>
        )}
        {search.data && hits.length === 0 && (
          <Text size="sm" c="dimmed">
            Nothing matches “{query.trim()}”.
          </Text>
        )}
        <Stack gap={2} mah={480} style={{ overflowY: "auto" }}>
          {hits.map((h, i) => (
            <Fragment key={`${h.kind}-${h.id}`}>
              {(i === 0 || hits[i - 1]?.kind !== h.kind) && (
                <Text size="xs" fw={700} c="dimmed" tt="uppercase" mt={i ? 6 : 0}>
                  {KIND_LABEL[h.kind]}
                </Text>
              )}
              <UnstyledButton
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => open(h)}
                onMouseEnter={() => setActive(i)}
                p={6}
                style={{
                  borderRadius: 4,
                  background: i === active ? "var(--mantine-color-default-hover)" : undefined,
                }}
                data-testid="search-hit"
                data-kind={h.kind}
              >
                <Text size="sm" fw={600}>
                  <UserText>{h.title}</UserText>{" "}
                  <Text span size="xs" c="dimmed" fw={400}>
                    {h.client_name}
                  </Text>
                </Text>
                <Text size="xs">{highlight(h.snippet)}</Text>
              </UnstyledButton>
            </Fragment>
          ))}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
