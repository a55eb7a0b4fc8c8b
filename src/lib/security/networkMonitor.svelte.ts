/** Reactive view of the page's and workers' network observations, for the header's privacy indicator. */
import { NETWORK_CHANNEL, NetworkTally, observeNetwork, type NetworkObservation } from './network';

export class NetworkMonitor {
	local = $state(0);
	offOrigin = $state<NetworkObservation[]>([]);
	blocked = $state<NetworkObservation[]>([]);
	readonly #tally: NetworkTally;
	readonly #stops: (() => void)[] = [];

	constructor(origin: string) {
		this.#tally = new NetworkTally(origin);
	}

	start(): void {
		const add = (observation: NetworkObservation) => {
			this.#tally.add(observation);
			this.local = this.#tally.local;
			if (this.offOrigin.length !== this.#tally.offOrigin.length) this.offOrigin = [...this.#tally.offOrigin];
			if (this.blocked.length !== this.#tally.blocked.length) this.blocked = [...this.#tally.blocked];
		};
		this.#stops.push(observeNetwork('page', add));
		if (typeof BroadcastChannel !== 'undefined') {
			const channel = new BroadcastChannel(NETWORK_CHANNEL);
			channel.onmessage = (message: MessageEvent<NetworkObservation>) => add(message.data);
			this.#stops.push(() => channel.close());
		}
	}

	stop(): void {
		this.#stops.splice(0).forEach((stop) => stop());
	}
}
