import {
  Alert,
  Button,
  Center,
  Group,
  Kbd,
  Loader,
  Stack,
  Switch,
  Text,
  TextInput,
  ThemeIcon,
  Title,
  Tooltip,
} from "@mantine/core";
import { useDebouncedValue, useHotkeys } from "@mantine/hooks";
import { IconBuildingSkyscraper, IconPlus, IconSearch } from "@tabler/icons-react";
import { useRef, useState } from "react";
import { errorMessage } from "../../lib/errors";
import { ClientDrawer } from "./ClientDrawer";
import { useOpenClient } from "../../app/navigation";
import { ClientsTable } from "./ClientsTable";
import { useClientOverview } from "../../lib/queries/clients";

/** How long typing must pause before the list is searched again. */
const SEARCH_DEBOUNCE_MS = 150;

export function ClientsScreen() {
  const [search, setSearch] = useState("");
  const [query] = useDebouncedValue(search.trim(), SEARCH_DEBOUNCE_MS);
  const [showArchived, setShowArchived] = useState(false);
  // The drawer keeps its client while it slides shut, so closing does not flash it empty.
  const [drawer, setDrawer] = useState({ clientId: null as string | null, opened: false });
  const open = (clientId: string | null) => setDrawer({ clientId, opened: true });
  const searchRef = useRef<HTMLInputElement>(null);
  const list = useClientOverview(query, showArchived);
  const openClient = useOpenClient();

  // Not while the drawer is open: its form has the keyboard.
  useHotkeys([
    ["/", () => !drawer.opened && searchRef.current?.focus()],
    ["n", () => !drawer.opened && open(null)],
  ]);

  const clients = list.data ?? [];
  const noClientsAtAll = list.isSuccess && clients.length === 0 && query === "" && !showArchived;

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <Title order={1} size="h2">
          Clients
        </Title>
        <Tooltip label="Shortcut: N">
          <Button
            leftSection={<IconPlus size={16} />}
            onClick={() => open(null)}
            data-testid="new-client"
          >
            New client
          </Button>
        </Tooltip>
      </Group>

      <Group gap="md">
        <TextInput
          ref={searchRef}
          placeholder="Search name, sector, jurisdiction or contact"
          aria-label="Search clients"
          leftSection={<IconSearch size={16} />}
          rightSection={<Kbd size="xs">/</Kbd>}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === "Escape") {
              setSearch("");
              e.currentTarget.blur();
            }
          }}
          w={420}
          data-testid="client-search"
        />
        <Switch
          label="Show archived"
          checked={showArchived}
          onChange={(e) => setShowArchived(e.currentTarget.checked)}
          data-testid="show-archived"
        />
        {list.isFetching && !list.isPending && <Loader size="xs" aria-label="Searching" />}
      </Group>

      {list.isPending && <Loader size="sm" aria-label="Loading clients" />}
      {list.isError && (
        <Alert color="red" title="The clients could not be listed">
          {errorMessage(list.error)}
        </Alert>
      )}
      {noClientsAtAll && <NoClients onAdd={() => open(null)} />}
      {list.isSuccess && clients.length === 0 && !noClientsAtAll && (
        <Text c="dimmed" py="xl" ta="center">
          {query === "" ? (
            "No clients yet, archived or not."
          ) : (
            <>
              No {showArchived ? "" : "active "}clients match “{query}”.{" "}
              <Button variant="subtle" size="compact-sm" onClick={() => setSearch("")}>
                Clear the search
              </Button>
            </>
          )}
        </Text>
      )}
      {clients.length > 0 && (
        <ClientsTable clients={clients} onOpen={(clientId) => openClient({ clientId })} />
      )}

      <ClientDrawer
        clientId={drawer.clientId}
        opened={drawer.opened}
        onClose={() => setDrawer((d) => ({ ...d, opened: false }))}
      />
    </Stack>
  );
}

function NoClients({ onAdd }: { onAdd: () => void }) {
  return (
    <Center py={64}>
      <Stack align="center" gap="sm" maw={440} ta="center">
        <ThemeIcon size={48} radius="xl" variant="light" aria-hidden>
          <IconBuildingSkyscraper size={26} />
        </ThemeIcon>
        <Title order={2} size="h3">
          No clients yet — add the first company you look after
        </Title>
        <Text c="dimmed" size="sm">
          Start with its name; sectors, jurisdictions, contacts and insurer can follow. Archived
          clients stay hidden unless Show archived is on.
        </Text>
        <Button onClick={onAdd} leftSection={<IconPlus size={16} />} mt="xs">
          Add a client
        </Button>
      </Stack>
    </Center>
  );
}
