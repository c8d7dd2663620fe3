/*
 * Copyright 2026-present the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

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
