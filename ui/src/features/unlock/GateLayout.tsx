import { Center, Group, Paper, Stack, Text, ThemeIcon, Title } from "@mantine/core";
import { IconShieldLock } from "@tabler/icons-react";
import type { ReactNode } from "react";

/** The frame around the screens shown before the workspace is open. */
export function GateLayout({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Center mih="100vh" p="md">
      <Stack w={460} gap="lg">
        <Group gap="xs" justify="center">
          <ThemeIcon variant="light" size="lg" aria-hidden>
            <IconShieldLock size={20} />
          </ThemeIcon>
          <Text fw={700} size="xl">
            Cordon
          </Text>
        </Group>
        <Paper withBorder p="xl" shadow="xs">
          <Stack gap="md">
            <Title order={2} size="h3">
              {title}
            </Title>
            {children}
          </Stack>
        </Paper>
      </Stack>
    </Center>
  );
}
