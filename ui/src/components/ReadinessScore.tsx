import { Group, RingProgress, Text } from "@mantine/core";

/** Status colour for a readiness score: red below 50, yellow below 80, green otherwise. */
export function scoreColour(score: number): "red" | "yellow" | "green" {
  return score < 50 ? "red" : score < 80 ? "yellow" : "green";
}

/** A small ring with the number beside it: calm, the colour carrying only the status. */
export function ReadinessScore({ score, size = 28 }: { score: number; size?: number }) {
  const colour = scoreColour(score);
  if (size >= 56) {
    // Large: the number inside the ring.
    return (
      <RingProgress
        size={size}
        thickness={Math.round(size / 10)}
        roundCaps
        sections={[{ value: score, color: colour }]}
        label={
          <Text ta="center" fw={700} size="lg" aria-label={`Readiness ${score} of 100`}>
            {score}
          </Text>
        }
        data-testid="readiness-badge"
        data-status={colour}
      />
    );
  }
  return (
    <Group gap={6} wrap="nowrap" data-testid="readiness-badge" data-status={colour}>
      <RingProgress
        size={size}
        thickness={Math.max(3, Math.round(size / 9))}
        roundCaps
        sections={[{ value: score, color: colour }]}
        aria-hidden
      />
      <Text size="sm" fw={500} aria-label={`Readiness ${score} of 100`}>
        {score}
      </Text>
    </Group>
  );
}
