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

package dev.lifeline.health;

import java.util.List;

import dev.lifeline.cluster.ClusterNode;
import dev.lifeline.cluster.LifelineCluster;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * {@link org.springframework.boot.health.contributor.HealthIndicator HealthIndicator} for
 * the cluster of Lifeline instances.
 * <p>
 * Asks the shared transport for the live nodes, within the command timeout. Reports
 * {@code UP} with this node's id, the nodes and the cluster-wide session count, or
 * {@code DOWN} with the reason when the transport cannot be reached or this node is not
 * subscribed to it: local delivery goes on, but broadcasts, sends and closes no longer
 * reach other instances.
 *
 * @author Lifeline contributors
 */
public class ClusterHealthIndicator extends AbstractHealthIndicator {

	/**
	 * Detail key for this node's id.
	 */
	public static final String NODE_ID = "nodeId";

	/**
	 * Detail key for the number of live nodes.
	 */
	public static final String NODES = "nodes";

	/**
	 * Detail key for the number of sessions open across the cluster.
	 */
	public static final String ACTIVE = "active";

	/**
	 * Detail key that says why the indicator is not {@code UP}.
	 */
	public static final String REASON = "reason";

	private final LifelineCluster cluster;

	/**
	 * Create a new indicator.
	 * @param cluster the cluster
	 */
	public ClusterHealthIndicator(LifelineCluster cluster) {
		super("WebSocket cluster health check failed");
		this.cluster = cluster;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		builder.withDetail(NODE_ID, this.cluster.getNodeId());
		List<ClusterNode> nodes;
		try {
			nodes = this.cluster.getNodes();
		}
		catch (RuntimeException ex) {
			String failure = this.cluster.getFailure();
			builder.down().withDetail(REASON, (failure != null) ? failure : String.valueOf(ex.getMessage()));
			return;
		}
		builder.withDetail(NODES, nodes.size())
			.withDetail(ACTIVE, nodes.stream().mapToLong(ClusterNode::sessions).sum());
		String failure = this.cluster.getFailure();
		if (failure != null) {
			builder.down().withDetail(REASON, failure);
		}
		else {
			builder.up();
		}
	}

}
