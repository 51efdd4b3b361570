import {
  ActionIcon,
  Button,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from "@mantine/core";
import type { UseFormReturnType } from "@mantine/form";
import { IconPlus, IconTrash } from "@tabler/icons-react";
import { useState } from "react";
import { EMPTY_CONTACT, type ClientFormValues } from "./formValues";

type Props = { form: UseFormReturnType<ClientFormValues> };

/** The people at the client whom the MSP calls in an incident: one card per person. */
export function ContactsFields({ form }: Props) {
  // The row just added gets focus; rows that were already there do not steal it on re-render.
  const [added, setAdded] = useState<number | null>(null);
  const contacts = form.getValues().contacts;

  return (
    <Stack gap="xs">
      {contacts.length === 0 && (
        <Text size="sm" c="dimmed">
          No contacts yet. Add the people you would call first in an incident.
        </Text>
      )}
      {contacts.map((_, i) => (
        <Paper key={i} withBorder p="sm" data-testid="contact-row">
          <Group justify="space-between" mb={4}>
            <Text size="sm" fw={500}>
              Contact {i + 1}
              {i === 0 && (
                <Text span size="xs" c="dimmed">
                  {" "}
                  · primary
                </Text>
              )}
            </Text>
            <ActionIcon
              variant="subtle"
              color="gray"
              aria-label={`Remove contact ${i + 1}`}
              onClick={() => {
                setAdded(null);
                form.removeListItem("contacts", i);
              }}
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Group>
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs" verticalSpacing="xs">
            <TextInput
              label="Name"
              autoFocus={added === i}
              {...form.getInputProps(`contacts.${i}.name`)}
            />
            <TextInput
              label="Role"
              placeholder="IT manager"
              {...form.getInputProps(`contacts.${i}.role`)}
            />
            <TextInput label="Email" type="email" {...form.getInputProps(`contacts.${i}.email`)} />
            <TextInput label="Phone" type="tel" {...form.getInputProps(`contacts.${i}.phone`)} />
          </SimpleGrid>
        </Paper>
      ))}
      <Group>
        <Button
          variant="default"
          size="xs"
          leftSection={<IconPlus size={14} />}
          onClick={() => {
            setAdded(contacts.length);
            form.insertListItem("contacts", { ...EMPTY_CONTACT });
          }}
        >
          Add contact
        </Button>
      </Group>
    </Stack>
  );
}
