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

package dev.lifeline.actuate.endpoint;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

import dev.lifeline.actuate.endpoint.WebSocketEndpoint.CloseDescriptor;
import dev.lifeline.actuate.endpoint.WebSocketEndpoint.ClusterDescriptor;
import dev.lifeline.actuate.endpoint.WebSocketEndpoint.HeartbeatDescriptor;
import dev.lifeline.actuate.endpoint.WebSocketEndpoint.ResumeDescriptor;
import dev.lifeline.actuate.endpoint.WebSocketEndpoint.SessionDescriptor;
import dev.lifeline.cluster.ClusterNode;
import dev.lifeline.cluster.LifelineCluster;
import dev.lifeline.server.LifelineSession;
import dev.lifeline.server.SessionClosure;
import dev.lifeline.server.engine.HeartbeatService;
import dev.lifeline.server.engine.ResumeCounters;
import dev.lifeline.server.engine.SessionRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Builds the {@link WebSocketEndpoint}'s descriptions from the registry, the heartbeat
 * and the cluster, masking personal data unless it is to be shown.
 *
 * @author Lifeline contributors
 */
final class Descriptions {

	private static final String MASK = "******";

	private final SessionRegistry sessions;

	private final @Nullable HeartbeatService heartbeat;

	private final @Nullable LifelineCluster cluster;

	private volatile @Nullable SessionDetails sessionDetails;

	Descriptions(SessionRegistry sessions, @Nullable HeartbeatService heartbeat, @Nullable LifelineCluster cluster) {
		this.sessions = sessions;
		this.heartbeat = heartbeat;
		this.cluster = cluster;
	}

	void setSessionDetails(@Nullable SessionDetails sessionDetails) {
		this.sessionDetails = sessionDetails;
	}

	/**
	 * Count every constant, those never seen at 0, so that a client sees every cause and
	 * reason there is before it first happens.
	 */
	static <K extends Enum<K>> Map<K, Long> everyValue(Class<K> type, ToLongFunction<K> count) {
		Map<K, Long> counts = new EnumMap<>(type);
		for (K key : type.getEnumConstants()) {
			counts.put(key, count.applyAsLong(key));
		}
		return counts;
	}

	HeartbeatDescriptor describeHeartbeat() {
		HeartbeatService heartbeat = this.heartbeat;
		if (heartbeat == null) {
			return new HeartbeatDescriptor(false, null, null, null, null, null);
		}
		return new HeartbeatDescriptor(true, heartbeat.getInterval(), heartbeat.getTimeout(),
				heartbeat.getLastSweepAt(), heartbeat.getPingsSent(), heartbeat.getTimeouts());
	}

	@Nullable ClusterDescriptor describeCluster() {
		LifelineCluster cluster = this.cluster;
		if (cluster == null) {
			return null;
		}
		try {
			List<ClusterNode> nodes = cluster.getNodes();
			long active = nodes.stream().mapToLong(ClusterNode::sessions).sum();
			return new ClusterDescriptor(cluster.getNodeId(), active, nodes, null);
		}
		catch (RuntimeException ex) {
			String failure = cluster.getFailure();
			return new ClusterDescriptor(cluster.getNodeId(), null, List.of(),
					(failure != null) ? failure : String.valueOf(ex.getMessage()));
		}
	}

	SessionDescriptor describe(LifelineSession session, boolean showValues) {
		SessionDetails details = this.sessionDetails;
		long rtt = session.getSmoothedRttNanos();
		return new SessionDescriptor(session.getId(), session.getEndpoint(),
				mask(session.getRemoteAddressText(), showValues), mask(session.getPrincipalName(), showValues),
				session.getPath(), session.getOpenedAt(), session.getLastInboundAt(), session.getLastPongAt(),
				(rtt >= 0) ? toMillis(rtt) : null, session.getMessagesIn(), session.getMessagesOut(),
				session.getBytesIn(), session.getBytesOut(), session.getResumeStatus(),
				(details != null) ? details.describe(session, showValues) : null);
	}

	@Nullable ResumeDescriptor describeResume() {
		ResumeCounters counters = this.sessions.resumable().getCounters();
		if (counters == null) {
			return null;
		}
		return new ResumeDescriptor(this.sessions.resumable().getDetachedCount(),
				this.sessions.resumable().getDetachedBytes(), counters.getDetached(), counters.getResumed(),
				counters.getReplayed());
	}

	CloseDescriptor describe(SessionClosure closure, boolean showValues) {
		return new CloseDescriptor(closure.sessionId(), closure.at(), closure.code(), closure.reason(), closure.cause(),
				mask(closure.remoteAddress(), showValues), closure.duration().toMillis());
	}

	private static @Nullable String mask(@Nullable String value, boolean show) {
		return (value == null || show) ? value : MASK;
	}

	private static double toMillis(long nanos) {
		return Math.round(nanos / 1_000.0) / 1_000.0;
	}

}
