package dev.lifeline.metrics;

import dev.lifeline.cluster.LifelineCluster;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * {@link MeterBinder} for the traffic between Lifeline instances: messages published and
 * received, and publishes that failed because the shared transport was unreachable.
 *
 * @author Lifeline contributors
 */
public class ClusterMeterBinder implements MeterBinder {

	private final LifelineCluster cluster;

	/**
	 * Create a new binder.
	 * @param cluster the cluster
	 */
	public ClusterMeterBinder(LifelineCluster cluster) {
		this.cluster = cluster;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		FunctionCounter.builder("websocket.cluster.messages.published", this.cluster, LifelineCluster::getPublished)
			.description("Messages published to other instances")
			.register(registry);
		FunctionCounter.builder("websocket.cluster.messages.received", this.cluster, LifelineCluster::getReceived)
			.description("Messages received from other instances")
			.register(registry);
		FunctionCounter.builder("websocket.cluster.publish.failures", this.cluster, LifelineCluster::getPublishFailures)
			.description("Messages that could not be published to other instances")
			.register(registry);
	}

}
