import { Button, Center, Stack, Text, ThemeIcon, Title } from "@mantine/core";
import type { Icon } from "@tabler/icons-react";
import { useNavigate } from "./navigation";

type Props = { icon: Icon; title: string; coming: string; meanwhile: string };

/** A section that is not built yet: say what it will hold and what to do until then. */
export function ComingSoon({ icon: SectionIcon, title, coming, meanwhile }: Props) {
  const navigate = useNavigate();
  return (
    <Center mih="60vh">
      <Stack align="center" maw={520} gap="sm" ta="center">
        <ThemeIcon size={48} radius="xl" variant="light" color="gray" aria-hidden>
          <SectionIcon size={26} />
        </ThemeIcon>
        <Title order={2} size="h3">
          {title}
        </Title>
        <Text c="dimmed">{coming}</Text>
        <Text c="dimmed">{meanwhile}</Text>
        <Button variant="light" mt="xs" onClick={() => navigate("clients")}>
          Go to Clients
        </Button>
      </Stack>
    </Center>
  );
}
