import { Badge, Text } from "@mantine/core";
import type { PlanStatus, ReviewState } from "../bindings";

type Props = { status: PlanStatus | null; version: number | null; review: ReviewState };

/** "Approved v2", "Draft v1", "Review overdue" (red) or "No plan". */
export function PlanStatusBadge({ status, version, review }: Props) {
  if (status === null) {
    return (
      <Text size="sm" c="dimmed" data-testid="plan-status" data-status="none">
        No plan
      </Text>
    );
  }
  if (review.state === "overdue") {
    return (
      <Badge
        color="red"
        variant="light"
        style={{ textTransform: "none", flex: "none", minWidth: "max-content" }}
        data-testid="plan-status"
        data-status="overdue"
      >
        Review overdue
      </Badge>
    );
  }
  const label = `${status === "approved" ? "Approved" : status === "draft" ? "Draft" : "Superseded"} v${version ?? "?"}`;
  return (
    <Badge
      color={status === "approved" ? "green" : "gray"}
      variant="light"
      style={{ textTransform: "none", flex: "none", minWidth: "max-content" }}
      data-testid="plan-status"
      data-status={status}
    >
      {label}
    </Badge>
  );
}
