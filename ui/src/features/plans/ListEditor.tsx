import { ActionIcon, Button, Card, Group, Stack, Text, Title, Tooltip } from "@mantine/core";
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash } from "@tabler/icons-react";
import type { ReactNode } from "react";

/** Field errors of a plan, by path (`roles.0.name`). */
export type Errors = Record<string, string>;

export const at = <T,>(list: T[], i: number, value: T): T[] =>
  list.map((x, j) => (j === i ? value : x));
export const without = <T,>(list: T[], i: number): T[] => list.filter((_, j) => j !== i);
export const move = <T,>(list: T[], i: number, by: number): T[] => {
  const j = i + by;
  if (j < 0 || j >= list.length) return list;
  const next = [...list];
  [next[i], next[j]] = [next[j]!, next[i]!];
  return next;
};

export function SectionHead({
  title,
  hint,
  action,
}: {
  title: string;
  hint: string;
  action?: ReactNode;
}) {
  return (
    <Group justify="space-between" align="flex-end" mb="sm">
      <div>
        <Title order={3} size="h4">
          {title}
        </Title>
        <Text size="sm" c="dimmed">
          {hint}
        </Text>
      </div>
      {action}
    </Group>
  );
}

export function RemoveButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <Tooltip label={label}>
      <ActionIcon variant="subtle" color="gray" aria-label={label} onClick={onClick}>
        <IconTrash size={16} />
      </ActionIcon>
    </Tooltip>
  );
}

export function AddButton({
  label,
  onClick,
  big = false,
}: {
  label: string;
  onClick: () => void;
  big?: boolean;
}) {
  return big ? (
    <Button variant="default" size="xs" leftSection={<IconPlus size={14} />} onClick={onClick}>
      {label}
    </Button>
  ) : (
    <Button
      variant="subtle"
      size="compact-xs"
      w="fit-content"
      leftSection={<IconPlus size={12} />}
      onClick={onClick}
    >
      {label}
    </Button>
  );
}

export function MoveButtons({
  index,
  count,
  onMove,
}: {
  index: number;
  count: number;
  onMove: (by: number) => void;
}) {
  return (
    <>
      <ActionIcon
        variant="subtle"
        color="gray"
        aria-label="Move up"
        disabled={index === 0}
        onClick={() => onMove(-1)}
      >
        <IconArrowUp size={16} />
      </ActionIcon>
      <ActionIcon
        variant="subtle"
        color="gray"
        aria-label="Move down"
        disabled={index === count - 1}
        onClick={() => onMove(1)}
      >
        <IconArrowDown size={16} />
      </ActionIcon>
    </>
  );
}

/** One item as the editor hands it to its row: the value, a replace and a patch. */
export type Item<T> = {
  value: T;
  index: number;
  set: (next: T) => void;
  patch: (change: Partial<T>) => void;
};

type ListProps<T> = {
  items: T[];
  onChange: (items: NoInfer<T>[]) => void;
  /** A new, empty item for the Add button. */
  blank: () => NoInfer<T>;
  addLabel: string;
  removeLabel: (item: T, index: number) => string;
  children: (item: Item<T>) => ReactNode;
};

function itemsOf<T>({ items, onChange }: Pick<ListProps<T>, "items" | "onChange">) {
  return items.map((value, index): Item<T> => ({
    value,
    index,
    set: (next) => onChange(at(items, index, next)),
    patch: (change) => onChange(at(items, index, { ...value, ...change })),
  }));
}

/** The list every plan section repeats: a row per item with its fields and a remove button,
 * and an "Add …" button under the rows. */
export function ListRows<T>(
  props: ListProps<T> & {
    align?: "flex-start" | "center";
    /** Rows are the section's own items, which a link may point at (`data-item`). */
    linkable?: boolean;
  },
) {
  const { items, onChange, blank, addLabel, removeLabel, children, align = "flex-start" } = props;
  return (
    <Stack gap={4}>
      {itemsOf(props).map((item) => (
        <Group
          key={item.index}
          gap="xs"
          wrap="nowrap"
          align={align}
          data-item={props.linkable ? item.index : undefined}
        >
          {children(item)}
          <RemoveButton
            label={removeLabel(item.value, item.index)}
            onClick={() => onChange(without(items, item.index))}
          />
        </Group>
      ))}
      <AddButton label={addLabel} onClick={() => onChange([...items, blank()])} />
    </Stack>
  );
}

/** A section whose items are cards: a heading with "Add …", then a card per item whose top
 * row holds the fields and the remove button, and whose `below` holds the item's sub-lists. */
export function ListCards<T>(
  props: ListProps<T> & {
    title: string;
    hint: string;
    testId: string;
    below?: (item: Item<T>) => ReactNode;
  },
) {
  const { items, onChange, blank, addLabel, removeLabel, children, title, hint, testId, below } =
    props;
  return (
    <Stack gap="sm">
      <SectionHead
        title={title}
        hint={hint}
        action={<AddButton big label={addLabel} onClick={() => onChange([...items, blank()])} />}
      />
      {itemsOf(props).map((item) => (
        <Card withBorder padding="sm" key={item.index} data-item={item.index} data-testid={testId}>
          <Group align="flex-start" wrap="nowrap">
            {children(item)}
            <RemoveButton
              label={removeLabel(item.value, item.index)}
              onClick={() => onChange(without(items, item.index))}
            />
          </Group>
          {below?.(item)}
        </Card>
      ))}
    </Stack>
  );
}
