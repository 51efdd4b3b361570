import {
  ActionIcon,
  Badge,
  Burger,
  Group,
  Text,
  Tooltip,
  useComputedColorScheme,
  useMantineColorScheme,
} from "@mantine/core";
import { IconKeyboard, IconLock, IconMoon, IconShieldLock, IconSun } from "@tabler/icons-react";
import { SearchBox } from "../features/search/SearchBox";
import { LockButton } from "../features/unlock/lock";
import { useWorkspaceInfo } from "../lib/queries/workspace";
import { useNavigate } from "./navigation";

type Props = { navOpen: boolean; onToggleNav: () => void; onShowShortcuts: () => void };

export function Header({ navOpen, onToggleNav, onShowShortcuts }: Props) {
  return (
    <Group h="100%" px="md" justify="space-between" wrap="nowrap">
      <Group gap="xs" wrap="nowrap">
        <Burger
          opened={navOpen}
          onClick={onToggleNav}
          hiddenFrom="sm"
          size="sm"
          aria-label="Toggle navigation"
        />
        <IconShieldLock size={22} aria-hidden color="var(--mantine-primary-color-filled)" />
        <Text fw={700} size="lg">
          Cordon
        </Text>
      </Group>
      <Group gap="xs" wrap="nowrap">
        <SearchBox />
        <KeySourceIndicator />
        <LockButton />
        <Tooltip label="Keyboard shortcuts (?)">
          <ActionIcon
            variant="subtle"
            color="gray"
            onClick={onShowShortcuts}
            aria-label="Keyboard shortcuts"
          >
            <IconKeyboard size={18} />
          </ActionIcon>
        </Tooltip>
        <ColorSchemeToggle />
      </Group>
    </Group>
  );
}

/** Always visible: the data is encrypted, and where its key lives. */
function KeySourceIndicator() {
  const info = useWorkspaceInfo().data;
  const navigate = useNavigate();
  if (!info) return null;
  const where =
    info.key_source === "keychain" ? "key in the system keychain" : "unlocked with a passphrase";
  return (
    <Tooltip label={`Encrypted with SQLCipher ${info.cipher_version}; ${where}. Open Settings.`}>
      <Badge
        component="button"
        type="button"
        variant="light"
        color="gray"
        size="lg"
        leftSection={<IconLock size={14} aria-hidden />}
        onClick={() => navigate("settings")}
        style={{ cursor: "pointer", textTransform: "none" }}
        data-testid="key-source"
      >
        Encrypted · {info.key_source === "keychain" ? "Keychain" : "Passphrase"}
      </Badge>
    </Tooltip>
  );
}

function ColorSchemeToggle() {
  const { setColorScheme } = useMantineColorScheme();
  const computed = useComputedColorScheme("light", { getInitialValueInEffect: true });
  const next = computed === "dark" ? "light" : "dark";
  return (
    <Tooltip label={`Switch to ${next} mode`}>
      <ActionIcon
        variant="subtle"
        color="gray"
        onClick={() => setColorScheme(next)}
        aria-label={`Switch to ${next} mode`}
      >
        {computed === "dark" ? <IconSun size={18} /> : <IconMoon size={18} />}
      </ActionIcon>
    </Tooltip>
  );
}
