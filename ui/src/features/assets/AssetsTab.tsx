// Placeholder owned by the assets UI engineer: the Assets tab of the client page.
export function AssetsTab({ clientId }: { clientId: string }) {
  return <div data-testid="assets-tab" data-client={clientId} />;
}
