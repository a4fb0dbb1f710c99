// The Networks view's own command: the create-network wizard, five numbered steps, checked before the engine is called.
import * as vscode from 'vscode';
import type { CommandKit } from '../kit';
import { createNetwork, firstHost, freeSubnet, NETWORK_DRIVERS, validateGateway, validateNetworkName, validateSubnet } from './actions';

export function registerNetworkCommands(kit: CommandKit): void {
  kit.register('dockml.explorer.createNetwork', async () => {
    const live = await kit.engine().listNetworks();
    const names = live.map((n) => n.Name);
    const subnets = live.flatMap((n) => (n.IPAM?.Config ?? []).filter((c) => c.Subnet).map((c) => ({ network: n.Name, subnet: c.Subnet! })));
    const name = await vscode.window.showInputBox({
      title: 'Create Network (1/5): name',
      placeHolder: 'ml-net',
      validateInput: (value) => validateNetworkName(value.trim(), names),
    });
    if (name === undefined) return;
    const driver = await vscode.window.showQuickPick([...NETWORK_DRIVERS], { title: 'Create Network (2/5): driver' });
    if (!driver) return;
    const flags = await vscode.window.showQuickPick(
      [
        { label: 'internal', description: 'no route outside: for data tiers that must not reach the internet' },
        { label: 'attachable', description: 'standalone containers may join (needed for overlay)' },
      ],
      { title: 'Create Network (3/5): options (none is fine)', canPickMany: true },
    );
    if (!flags) return;
    // The proposed subnet is one no live network overlaps, so accepting the default always works.
    const free = freeSubnet(subnets.map((s) => s.subnet));
    const subnet = await vscode.window.showInputBox({
      title: 'Create Network (4/5): subnet, empty to let the engine choose',
      value: free,
      placeHolder: free ?? '10.20.0.0/24',
      validateInput: (value) => validateSubnet(value.trim(), subnets),
    });
    if (subnet === undefined) return;
    const gateway = subnet.trim()
      ? await vscode.window.showInputBox({
          title: 'Create Network (5/5): gateway, empty to let the engine choose',
          placeHolder: firstHost(subnet.trim()),
          validateInput: (value) => validateGateway(value.trim(), subnet.trim()),
        })
      : '';
    if (gateway === undefined) return;
    const picked = new Set(flags.map((f) => f.label));
    const outcome = await createNetwork(kit.engine(), {
      name: name.trim(),
      driver,
      internal: picked.has('internal'),
      attachable: picked.has('attachable'),
      subnet: subnet.trim() || undefined,
      gateway: gateway.trim() || undefined,
    });
    await kit.report(outcome, 'networks');
  });
}
