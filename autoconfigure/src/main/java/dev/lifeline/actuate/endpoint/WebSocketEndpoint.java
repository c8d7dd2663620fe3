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

import dev.lifeline.cluster.ClusterNode;
import dev.lifeline.cluster.LifelineCluster;
import dev.lifeline.server.CloseCause;
import dev.lifeline.server.LifelineSession;
import dev.lifeline.server.ManagedEndpoint;
import dev.lifeline.server.RejectionReason;
import dev.lifeline.server.ResumeStatus;
import dev.lifeline.server.SessionClosure;
import dev.lifeline.server.SessionStatistics;
import dev.lifeline.server.engine.HeartbeatService;
import dev.lifeline.server.engine.ResumeCounters;
import dev.lifeline.server.engine.SessionRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.util.Assert;
import org.springframework.web.socket.CloseStatus;

/**
 * {@link Endpoint @Endpoint} that exposes the live sessions of Lifeline's managed
 * WebSocket endpoint, its counters and its recent abnormal closes, lists the sessions of
 * one user, and lets an operator close a session.
 * <p>
 * Remote addresses and principal names are personal data: they are shown according to a
 * {@link Show} policy and masked otherwise. Session attributes, handshake headers and
 * query strings, where tokens usually travel, are never exposed. Absent values are
 * rendered as {@code null} so that every description has the same keys.
 *
 * @author Lifeline contributors
 */
@Endpoint(id = "websocket")
public class WebSocketEndpoint {

	/**
	 * The number of sessions listed when no {@code limit} is given.
	 */
	public static final int DEFAULT_LIMIT = 100;

	/**
	 * The status an operator's close is sent with.
	 */
	public static final CloseStatus OPERATOR_CLOSE_STATUS = CloseStatus.POLICY_VIOLATION
		.withReason("Closed by operator");

	/**
	 * The first path segment of {@code /actuator/websocket/users/{user}}.
	 */
	public static final String USERS = "users";

	private static final String MASK = "******";

	private final SessionRegistry sessions;

	private final @Nullable HeartbeatService heartbeat;

	private final RecentCloses recentCloses;

	private final String path;

	private final Show showValues;

	private final Set<String> roles;

	private final @Nullable LifelineCluster cluster;

	/**
	 * Create a new endpoint.
	 * @param sessions the session registry
	 * @param heartbeat the heartbeat, or {@code null} if it is disabled
	 * @param recentCloses the recent abnormal closes
	 * @param path the path of the managed endpoint
	 * @param showValues when to show remote addresses and principal names
	 * @param roles the roles that authorize showing them
	 */
	public WebSocketEndpoint(SessionRegistry sessions, @Nullable HeartbeatService heartbeat, RecentCloses recentCloses,
			String path, Show showValues, Set<String> roles) {
		this(sessions, heartbeat, recentCloses, path, showValues, roles, null);
	}

	/**
	 * Create a new endpoint that also describes the cluster this instance belongs to.
	 * @param sessions the session registry
	 * @param heartbeat the heartbeat, or {@code null} if it is disabled
	 * @param recentCloses the recent abnormal closes
	 * @param path the path of the managed endpoint
	 * @param showValues when to show remote addresses and principal names
	 * @param roles the roles that authorize showing them
	 * @param cluster the cluster, or {@code null} for a single instance
	 */
	public WebSocketEndpoint(SessionRegistry sessions, @Nullable HeartbeatService heartbeat, RecentCloses recentCloses,
			String path, Show showValues, Set<String> roles, @Nullable LifelineCluster cluster) {
		this.cluster = cluster;
		this.sessions = sessions;
		this.heartbeat = heartbeat;
		this.recentCloses = recentCloses;
		this.path = path;
		this.showValues = showValues;
		this.roles = Set.copyOf(roles);
	}

	/**
	 * Describe the managed endpoints and their live sessions, oldest first.
	 * @param limit the most sessions to list, {@value #DEFAULT_LIMIT} when {@code null}
	 * @param securityContext the security context of the caller
	 * @return the description
	 */
	public WebSocketDescriptor websocket(@Nullable Integer limit, SecurityContext securityContext) {
		WebSocketDescriptor description = websocket(limit, null, securityContext);
		Assert.state(description != null, "Description without a user must not be null");
		return description;
	}

	/**
	 * Describe the managed endpoints and their live sessions, oldest first, or only the
	 * sessions of one user ({@code /actuator/websocket?user=alice}).
	 * @param limit the most sessions to list, {@value #DEFAULT_LIMIT} when {@code null}
	 * @param user the principal name whose sessions to list, or {@code null} for all
	 * @param securityContext the security context of the caller
	 * @return the description, or {@code null} when a user is given and has no session
	 * open on this instance
	 */
	@ReadOperation
	public @Nullable WebSocketDescriptor websocket(@Nullable Integer limit, @Nullable String user,
			SecurityContext securityContext) {
		boolean showValues = this.showValues.isShown(securityContext, this.roles);
		int max = Math.max(0, (limit != null) ? limit : DEFAULT_LIMIT);
		Collection<LifelineSession> listed = (user != null) ? this.sessions.findByUser(user) : this.sessions.snapshot();
		if (user != null && listed.isEmpty()) {
			return null;
		}
		List<SessionDescriptor> sessions = listed.stream()
			.sorted(Comparator.comparing(LifelineSession::getOpenedAt))
			.limit(max)
			.map((session) -> describe(session, showValues))
			.toList();
		List<CloseDescriptor> recentCloses = this.recentCloses.get()
			.stream()
			.map((closure) -> describe(closure, showValues))
			.toList();
		SessionStatistics statistics = this.sessions.getStatistics();
		ClosedDescriptor closed = new ClosedDescriptor(statistics.getClosedTotal(),
				everyValue(CloseCause.class, statistics::getClosed));
		Map<String, EndpointDescriptor> endpoints = new LinkedHashMap<>();
		for (ManagedEndpoint endpoint : this.sessions.getEndpoints()) {
			endpoints.put(endpoint.getName(),
					new EndpointDescriptor(endpoint.getPath(), endpoint.count(), endpoint.getSettings().maxSessions()));
		}
		return new WebSocketDescriptor(this.path, this.sessions.count(), this.sessions.getSettings().maxSessions(),
				this.sessions.userCount(), this.sessions.groupCount(), endpoints, statistics.getOpenedTotal(), closed,
				everyValue(RejectionReason.class, statistics::getRejected), describeHeartbeat(), recentCloses, sessions,
				describeCluster(), describeResume());
	}

	/**
	 * Count every constant, those never seen at 0, so that a client sees every cause and
	 * reason there is before it first happens.
	 */
	private static <K extends Enum<K>> Map<K, Long> everyValue(Class<K> type, ToLongFunction<K> count) {
		Map<K, Long> counts = new EnumMap<>(type);
		for (K key : type.getEnumConstants()) {
			counts.put(key, count.applyAsLong(key));
		}
		return counts;
	}

	/**
	 * Describe one live session.
	 * @param id the session id
	 * @param securityContext the security context of the caller
	 * @return the session, or {@code null} if no such session is open
	 */
	@ReadOperation
	public @Nullable SessionDescriptor session(@Selector String id, SecurityContext securityContext) {
		boolean showValues = this.showValues.isShown(securityContext, this.roles);
		return this.sessions.find(id).map((session) -> describe(session, showValues)).orElse(null);
	}

	/**
	 * List the live sessions of one user, oldest first, at
	 * {@code /actuator/websocket/users/{user}}.
	 * @param collection the collection, {@value #USERS}
	 * @param user the principal name
	 * @param securityContext the security context of the caller
	 * @return the user's sessions, or {@code null} if the user has no session open or the
	 * collection is not {@value #USERS}
	 */
	@ReadOperation
	public @Nullable UserDescriptor user(@Selector String collection, @Selector String user,
			SecurityContext securityContext) {
		if (!USERS.equals(collection)) {
			return null;
		}
		boolean showValues = this.showValues.isShown(securityContext, this.roles);
		List<SessionDescriptor> sessions = this.sessions.findByUser(user)
			.stream()
			.sorted(Comparator.comparing(LifelineSession::getOpenedAt))
			.map((session) -> describe(session, showValues))
			.toList();
		return (!sessions.isEmpty()) ? new UserDescriptor(sessions.size(), sessions) : null;
	}

	/**
	 * Close one live session with {@code 1008} and cause {@link CloseCause#OPERATOR}.
	 * @param id the session id
	 * @param securityContext the security context of the caller
	 * @return the session as it was when closed, or {@code null} if no such session is
	 * open
	 */
	@DeleteOperation
	public @Nullable SessionDescriptor close(@Selector String id, SecurityContext securityContext) {
		LifelineSession session = this.sessions.find(id).orElse(null);
		if (session == null) {
			return null;
		}
		SessionDescriptor descriptor = describe(session, this.showValues.isShown(securityContext, this.roles));
		return this.sessions.closeByOperator(id, OPERATOR_CLOSE_STATUS) ? descriptor : null;
	}

	private HeartbeatDescriptor describeHeartbeat() {
		HeartbeatService heartbeat = this.heartbeat;
		if (heartbeat == null) {
			return new HeartbeatDescriptor(false, null, null, null, null, null);
		}
		return new HeartbeatDescriptor(true, heartbeat.getInterval(), heartbeat.getTimeout(),
				heartbeat.getLastSweepAt(), heartbeat.getPingsSent(), heartbeat.getTimeouts());
	}

	private @Nullable ClusterDescriptor describeCluster() {
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

	private SessionDescriptor describe(LifelineSession session, boolean showValues) {
		long rtt = session.getSmoothedRttNanos();
		return new SessionDescriptor(session.getId(), session.getEndpoint(),
				mask(session.getRemoteAddressText(), showValues), mask(session.getPrincipalName(), showValues),
				session.getPath(), session.getOpenedAt(), session.getLastInboundAt(), session.getLastPongAt(),
				(rtt >= 0) ? toMillis(rtt) : null, session.getMessagesIn(), session.getMessagesOut(),
				session.getBytesIn(), session.getBytesOut(), session.getResumeStatus());
	}

	private @Nullable ResumeDescriptor describeResume() {
		ResumeCounters counters = this.sessions.getResumeCounters();
		if (counters == null) {
			return null;
		}
		return new ResumeDescriptor(this.sessions.getDetachedCount(), this.sessions.getDetachedBytes(),
				counters.getDetached(), counters.getResumed(), counters.getReplayed());
	}

	private CloseDescriptor describe(SessionClosure closure, boolean showValues) {
		return new CloseDescriptor(closure.sessionId(), closure.at(), closure.code(), closure.reason(), closure.cause(),
				mask(closure.remoteAddress(), showValues), closure.duration().toMillis());
	}

	private static @Nullable String mask(@Nullable String value, boolean show) {
		return (value == null || show) ? value : MASK;
	}

	private static double toMillis(long nanos) {
		return Math.round(nanos / 1_000.0) / 1_000.0;
	}

	/**
	 * Description of the managed endpoint.
	 *
	 * @param path the path clients upgrade at
	 * @param active the number of open sessions
	 * @param maxSessions the most sessions accepted at once
	 * @param users the number of distinct users with open sessions
	 * @param groups the number of groups with open member sessions
	 * @param endpoints the managed endpoints, by name
	 * @param opened the number of sessions opened since start
	 * @param closed the sessions closed since start
	 * @param rejected the handshakes rejected since start, by reason, 0 for reasons never
	 * seen
	 * @param heartbeat the state of the heartbeat
	 * @param recentCloses the last abnormal closes, newest first
	 * @param sessions the open sessions, oldest first, up to the requested limit
	 * @param cluster the cluster this instance belongs to, {@code null} for a single
	 * instance
	 * @param resume the resumable sessions, {@code null} when resume is off
	 */
	public record WebSocketDescriptor(String path, int active, int maxSessions, int users, int groups,
			Map<String, EndpointDescriptor> endpoints, long opened, ClosedDescriptor closed,
			Map<RejectionReason, Long> rejected, HeartbeatDescriptor heartbeat, List<CloseDescriptor> recentCloses,
			List<SessionDescriptor> sessions, @Nullable ClusterDescriptor cluster,
			@Nullable ResumeDescriptor resume) implements OperationResponseBody {

	}

	/**
	 * Description of the live sessions of one user.
	 *
	 * @param active the number of the user's open sessions
	 * @param sessions the user's open sessions, oldest first
	 */
	public record UserDescriptor(int active, List<SessionDescriptor> sessions) implements OperationResponseBody {

	}

	/**
	 * Description of a managed endpoint.
	 * @param path the path clients upgrade at
	 * @param active the number of open sessions
	 * @param maxSessions the most sessions accepted at once
	 */
	/**
	 * Description of resumable sessions.
	 *
	 * @param detached the sessions now without a connection, kept for a resume
	 * @param detachedBytes the bytes they retain together
	 * @param detachesTotal the detaches since the server started
	 * @param resumedTotal the resumes since the server started
	 * @param replayedTotal the messages those resumes replayed
	 */
	public record ResumeDescriptor(int detached, long detachedBytes, long detachesTotal, long resumedTotal,
			long replayedTotal) {

	}

	@JsonInclude(Include.ALWAYS)
	public record EndpointDescriptor(@Nullable String path, int active, int maxSessions) {

	}

	/**
	 * Description of the cluster of instances.
	 *
	 * @param nodeId the id of this instance
	 * @param active the number of sessions open across the cluster, {@code null} when the
	 * cluster cannot be reached
	 * @param nodes the live instances, each with its session count and last heartbeat
	 * @param failure why the cluster cannot be reached, {@code null} when it can
	 */
	@JsonInclude(Include.ALWAYS)
	public record ClusterDescriptor(String nodeId, @Nullable Long active, List<ClusterNode> nodes,
			@Nullable String failure) {

	}

	/**
	 * Description of the sessions closed since start.
	 *
	 * @param total the number of closed sessions
	 * @param byCause the number of closed sessions by cause, 0 for causes never seen
	 */
	public record ClosedDescriptor(long total, Map<CloseCause, Long> byCause) {

	}

	/**
	 * Description of the heartbeat.
	 *
	 * @param enabled whether sessions are pinged
	 * @param interval the time between two pings to a session
	 * @param timeout the longest silence allowed after a ping
	 * @param lastSweepAt when the heartbeat last ran
	 * @param pingsSent the number of pings sent since start
	 * @param timeouts the number of sessions closed for a heartbeat timeout since start
	 */
	@JsonInclude(Include.ALWAYS)
	public record HeartbeatDescriptor(boolean enabled, @Nullable Duration interval, @Nullable Duration timeout,
			@Nullable Instant lastSweepAt, @Nullable Long pingsSent, @Nullable Long timeouts) {

	}

	/**
	 * Description of an abnormal close.
	 *
	 * @param sessionId the id of the closed session
	 * @param at when the session closed
	 * @param code the close code
	 * @param reason the close reason, as sent by Lifeline or reported by the container
	 * @param cause the cause
	 * @param remoteAddress the peer's address, masked unless shown
	 * @param durationMillis how long the session was open, in milliseconds
	 */
	@JsonInclude(Include.ALWAYS)
	public record CloseDescriptor(String sessionId, Instant at, int code, String reason, CloseCause cause,
			@Nullable String remoteAddress, long durationMillis) {

	}

	/**
	 * Description of a live session.
	 *
	 * @param id the session id
	 * @param endpoint the name of the managed endpoint the session opened on
	 * @param remoteAddress the peer's address, masked unless shown
	 * @param principal the authenticated principal's name, masked unless shown
	 * @param path the upgrade request's path, without the query string
	 * @param openedAt when the session opened
	 * @param lastInboundAt when the peer last sent a frame
	 * @param lastPongAt when the peer last answered a ping
	 * @param rttMillis the smoothed ping round-trip time in milliseconds, {@code null}
	 * before the first pong
	 * @param messagesIn the number of data messages received
	 * @param messagesOut the number of data messages sent
	 * @param bytesIn the number of payload bytes received
	 * @param bytesOut the number of payload bytes sent
	 * @param resume where a resumable session stands, {@code null} for a plain one
	 */
	@JsonInclude(Include.ALWAYS)
	public record SessionDescriptor(String id, String endpoint, @Nullable String remoteAddress,
			@Nullable String principal, @Nullable String path, Instant openedAt, Instant lastInboundAt,
			@Nullable Instant lastPongAt, @Nullable Double rttMillis, long messagesIn, long messagesOut, long bytesIn,
			long bytesOut, @Nullable ResumeStatus resume) implements OperationResponseBody {

	}

}
