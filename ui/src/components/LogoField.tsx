import { Button, FileButton, Group, Image, Input, Paper, Text } from "@mantine/core";
import { IconPhoto, IconX } from "@tabler/icons-react";
import { useState, type ReactNode } from "react";
import type { Logo } from "../bindings";
import { LOGO_TYPES, MAX_LOGO_BYTES } from "../lib/clientOptions";

type Props = {
  value: Logo | null;
  onChange: (logo: Logo | null) => void;
  error?: ReactNode;
  /** Where the logo is printed (the MSP's own logo goes on the title page). */
  description?: string;
};

/** Picks a PNG or JPEG for the client's report headers and keeps it as base64. */
export function LogoField({ value, onChange, error, description }: Props) {
  const [localError, setLocalError] = useState<string | null>(null);

  const pick = async (file: File | null) => {
    if (!file) return;
    const problem = checkLogoFile(file);
    setLocalError(problem);
    if (problem) return;
    try {
      onChange({ media_type: file.type, data: await readBase64(file) });
    } catch {
      setLocalError("The file could not be read; pick it again.");
    }
  };

  return (
    <Input.Wrapper
      label="Logo"
      description={
        description ?? "PNG or JPEG under 512 KB, shown in the header of this client's reports."
      }
      error={localError ?? error}
    >
      <Group mt={6} gap="sm" align="center">
        {value ? (
          <Paper withBorder p={4}>
            <Image
              src={`data:${value.media_type};base64,${value.data}`}
              alt="Logo preview"
              h={48}
              w="auto"
              maw={160}
              fit="contain"
            />
          </Paper>
        ) : (
          <Text size="sm" c="dimmed">
            No logo
          </Text>
        )}
        <FileButton onChange={(f) => void pick(f)} accept={LOGO_TYPES.join(",")}>
          {(props) => (
            <Button {...props} variant="default" size="xs" leftSection={<IconPhoto size={14} />}>
              {value ? "Replace…" : "Choose image…"}
            </Button>
          )}
        </FileButton>
        {value && (
          <Button
            variant="subtle"
            color="gray"
            size="xs"
            leftSection={<IconX size={14} />}
            onClick={() => {
              setLocalError(null);
              onChange(null);
            }}
          >
            Remove
          </Button>
        )}
      </Group>
    </Input.Wrapper>
  );
}

/** The same checks the backend makes on size and type, so a wrong file is refused at once. */
export function checkLogoFile(file: File): string | null {
  if (!LOGO_TYPES.includes(file.type)) {
    return "The logo is not a PNG or JPEG image; export it as PNG and pick it again.";
  }
  if (file.size > MAX_LOGO_BYTES) {
    const mb = (file.size / 1_000_000).toFixed(1);
    return `The logo is ${mb} MB; use a PNG or JPEG under ${MAX_LOGO_BYTES / 1024} KB (600×200 pixels is plenty for a report header).`;
  }
  return null;
}

function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    // A data: URL; the base64 is everything after the comma.
    reader.onload = () =>
      resolve(typeof reader.result === "string" ? (reader.result.split(",", 2)[1] ?? "") : "");
    reader.onerror = () => reject(reader.error ?? new Error("the file could not be read"));
    reader.readAsDataURL(file);
  });
}
