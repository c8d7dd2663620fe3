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

package dev.lifeline.cluster;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The view of the cluster from one instance: who this instance is, which instances are
 * alive, whether the shared transport is reachable, and how much traffic crossed it. Free
 * of transport types, so that the actuator can depend on it.
 *
 * @author Lifeline contributors
 */
public interface LifelineCluster {

	/**
	 * Return the id of this instance.
	 * @return the node id
	 */
	String getNodeId();

	/**
	 * Query the live instances, each with its session count. Waits at most for the
	 * configured command timeout.
	 * @return the nodes, ordered by id
	 * @throws RuntimeException if the transport cannot be reached in time
	 */
	List<ClusterNode> getNodes();

	/**
	 * Return why the last operation on the transport failed, if the transport has not
	 * answered since.
	 * @return the reason, or {@code null} while the transport is reachable
	 */
	@Nullable String getFailure();

	/**
	 * Return the number of messages published to other instances.
	 * @return the count
	 */
	long getPublished();

	/**
	 * Return the number of messages received from other instances.
	 * @return the count
	 */
	long getReceived();

	/**
	 * Return the number of messages that could not be published.
	 * @return the count
	 */
	long getPublishFailures();

}
