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

package dev.lifeline.server.engine;

import dev.lifeline.server.CloseCause;
import dev.lifeline.server.RejectionReason;
import dev.lifeline.server.adapter.Connection;
import java.security.Principal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * The opening handshake of {@code lifeline.resume.v1} ({@code docs/resume.md}): a
 * connection that negotiated it waits for its first message, a {@code hello} that opens a
 * fresh session, or a {@code resume} that attaches the detached (or taken over) session
 * it names, if its token, endpoint and principal match, or is refused and opens a fresh
 * one. Timeouts and retries run on the {@link Resumption}'s thread.
 *
 * @author Lifeline contributors
 */
final class ResumeHandshake {

	/**
	 * {@link Resumption}'s category, where the handshake has always been logged.
	 */
	private static final Log logger = LogFactory.getLog(Resumption.class);

	static final String HELLO = "hello";

	static final String RESUME = "resume";

	private static final int CLOSE_ELSEWHERE_ATTEMPTS = 3;

	private static final CloseStatus RESUMED_ELSEWHERE = CloseStatus.GOING_AWAY
		.withReason("Client opened a fresh session on another instance");

	private final Resumption resumption;

	private final SessionRegistry registry;

	private final ScheduledThreadPoolExecutor scheduler;

	private final Map<WebSocketSession, Pending> pending = new ConcurrentHashMap<>();

	ResumeHandshake(Resumption resumption, SessionRegistry registry, ScheduledThreadPoolExecutor scheduler) {
		this.resumption = resumption;
		this.registry = registry;
		this.scheduler = scheduler;
	}

	/**
	 * A connection negotiated {@code lifeline.resume.v1}: wait for its first message.
	 */
	void awaitHello(Connection connection, Opener opener) {
		WebSocketSession containerSession = connection.containerSession();
		Pending pending = new Pending(connection, opener);
		this.pending.put(containerSession, pending);
		pending.timeout = this.scheduler.schedule(() -> {
			if (this.pending.remove(containerSession, pending)) {
				if (logger.isDebugEnabled()) {
					logger.debug("Closing WebSocket connection " + containerSession.getId() + ": no hello within "
							+ this.resumption.settings().helloTimeout().toMillis() + " ms");
				}
				connection.close(CloseStatus.POLICY_VIOLATION.withReason("No hello"));
			}
		}, this.resumption.settings().helloTimeout().toNanos(), TimeUnit.NANOSECONDS);
	}

	/**
	 * Whether a container's session still waits for its first message; forget it if so.
	 */
	boolean closedBeforeHello(WebSocketSession containerSession) {
		Pending pending = this.pending.remove(containerSession);
		if (pending != null && pending.timeout != null) {
			pending.timeout.cancel(false);
		}
		return pending != null;
	}

	/**
	 * The first message of a connection that waits for its {@code hello} or
	 * {@code resume}.
	 */
	void firstMessage(WebSocketSession containerSession, WebSocketMessage<?> message) {
		Pending pending = this.pending.remove(containerSession);
		if (pending == null) {
			// A late message of a connection the session no longer uses.
			return;
		}
		if (pending.timeout != null) {
			pending.timeout.cancel(false);
		}
		Map<String, @Nullable Object> control = null;
		if (message instanceof TextMessage text && message.isLast() && text.getPayloadLength() > 1
				&& text.getPayload().charAt(0) == ResumeFrames.CONTROL) {
			try {
				control = ResumeFrames.parseControl(text.getPayload().substring(1));
			}
			catch (IllegalArgumentException ex) {
				control = null;
			}
		}
		String type = (control != null) ? (String) control.get("type") : null;
		if (control == null || (!HELLO.equals(type) && !RESUME.equals(type))) {
			protocolError(pending.connection, "the first message must be a hello or a resume");
			return;
		}
		if (HELLO.equals(type)) {
			fresh(pending, null);
			return;
		}
		try {
			resume(pending, ResumeFrames.string(control, "session"), ResumeFrames.string(control, "token"),
					ResumeFrames.number(control, "received"));
		}
		catch (IllegalArgumentException ex) {
			protocolError(pending.connection, ex.getMessage());
		}
	}

	private void protocolError(Connection connection, @Nullable String reason) {
		if (logger.isDebugEnabled()) {
			logger.debug("Closing WebSocket connection " + connection.containerSession().getId() + ": protocol error: "
					+ reason);
		}
		connection.close(CloseStatus.PROTOCOL_ERROR.withReason("Protocol error"));
	}

	private void fresh(Pending pending, @Nullable String refused) {
		Connection connection = pending.connection;
		Map<String, Object> attributes = connection.containerSession().getAttributes();
		if (attributes.remove(Reservation.DEFERRED_ATTRIBUTE) instanceof Reservation.Deferred deferred
				&& !attributes.containsKey(Reservation.ATTRIBUTE)) {
			RejectionReason capped = deferred.reserve(attributes);
			if (capped != null) {
				this.registry.rejected(pending.opener.endpoint(), capped);
				connection.close((capped == RejectionReason.CAPACITY)
						? CloseStatus.SERVICE_OVERLOAD.withReason("Resume refused (" + refused + "); server full")
						: CloseStatus.POLICY_VIOLATION
							.withReason("Resume refused (" + refused + "); too many sessions"));
				return;
			}
		}
		ResumeState state = new ResumeState(protocolOf(connection.containerSession()),
				this.resumption.settings().bufferSize());
		SessionHolder holder = pending.opener.register(connection, state);
		if (holder == null) {
			return;
		}
		ResumeToken token = ResumeToken.generate();
		state.token(token);
		state.attach(holder.session().outbox(), 0, (replay) -> {
			List<WebSocketMessage<?>> controls = new ArrayList<>(2);
			if (refused != null) {
				controls.add(ResumeFrames.control(ResumeFrames.members("refused", "reason", refused)));
			}
			controls.add(ResumeFrames.control(established("welcome", holder.id(), token, state.protocol(), -1, -1)));
			return controls;
		}, this.resumption);
		pending.opener.started(holder);
	}

	private void resume(Pending pending, String id, String token, long received) {
		Connection connection = pending.connection;
		SessionHolder holder = this.registry.get(id);
		ResumeState state = (holder != null) ? holder.session().resume() : null;
		String refusal = null;
		if (holder == null || state == null || holder.isClosing()) {
			refusal = this.resumption.endedReason(id);
		}
		else if (!state.consumeToken(token)) {
			refusal = "unknown";
		}
		else if (holder.session().endpoint() != pending.opener.endpoint()) {
			refusal = "endpoint";
		}
		else if (!samePrincipal(holder.session().getPrincipal(), connection.containerSession().getPrincipal())) {
			refusal = "principal";
		}
		else if (received > state.sent()) {
			refusal = "unknown";
		}
		if (refusal != null || holder == null || state == null) {
			refused(id, (refusal != null) ? refusal : "unknown", connection);
			fresh(pending, (refusal != null) ? refusal : "unknown");
			if (holder == null && "unknown".equals(refusal)) {
				// The session may live on another instance, its client now here with a
				// fresh session: with the cluster on, that instance finishes it.
				closeElsewhere(id, 1);
			}
			return;
		}
		long gapNanos = 0;
		if (!state.isDetached()) {
			// Half-open behind a proxy, or a client that gave up on a connection the
			// server
			// still thinks alive: the resume takes the session over.
			this.resumption.detach(holder,
					CloseStatus.POLICY_VIOLATION.withReason("Session resumed on another connection"));
		}
		else {
			gapNanos = System.nanoTime() - state.detachedAtNanos();
		}
		this.registry.resumable().reattach(holder, connection);
		long processed;
		synchronized (state.inbound()) {
			// Waits for a message of the old connection being handed to the application.
			processed = state.processed;
			state.unackedMessages = 0;
			state.unackedBytes = 0;
			state.tag = 0;
			state.control = null;
		}
		holder.discardAssembler();
		holder.lastPingNanos = 0;
		holder.emptyPingUnanswered = false;
		holder.session().traffic().recordInboundActivity(System.nanoTime());
		Reservation.release(connection.containerSession());
		ResumeToken next = ResumeToken.generate();
		state.token(next);
		SessionOutbox outbox = holder.session().outbox();
		outbox.attach(connection);
		int replayed = state.attach(outbox, received,
				(replay) -> List.of(ResumeFrames
					.control(established("resumed", holder.id(), next, state.protocol(), processed, replay))),
				this.resumption);
		this.resumption.counters().resumed(replayed, gapNanos);
		if (logger.isDebugEnabled()) {
			logger.debug("Resumed WebSocket session " + id + " after " + Duration.ofNanos(gapNanos).toMillis()
					+ " ms, replaying " + replayed + " message(s)");
		}
		this.registry.events().resumed(holder.session(), Duration.ofNanos(gapNanos), replayed);
	}

	/**
	 * Ask the cluster to finish a session that may live on another instance, a few times
	 * while no instance answers: the directory may not have it yet, or Redis may be slow.
	 */
	private void closeElsewhere(String id, int attempt) {
		this.registry.delivery()
			.closeElsewhere(id, RESUMED_ELSEWHERE, CloseCause.GOING_AWAY)
			.whenComplete((received, failure) -> {
				if (!Boolean.TRUE.equals(received) && attempt < CLOSE_ELSEWHERE_ATTEMPTS) {
					try {
						this.scheduler.schedule(() -> closeElsewhere(id, attempt + 1), 200, TimeUnit.MILLISECONDS);
					}
					catch (RejectedExecutionException ex) {
						// Shutting down.
					}
				}
			});
	}

	private void refused(String id, String reason, Connection connection) {
		this.resumption.counters().refused(reason);
		if (logger.isDebugEnabled()) {
			logger.debug("Refused to resume WebSocket session " + id + " from "
					+ ClientAddress.peek(connection.containerSession()) + ": " + reason);
		}
		this.registry.events().resumeRefused(id, reason);
	}

	private Map<String, @Nullable Object> established(String type, String id, ResumeToken token,
			@Nullable String protocol, long received, int replay) {
		Map<String, @Nullable Object> members = new LinkedHashMap<>();
		members.put("type", type);
		members.put("session", id);
		members.put("token", token.value());
		members.put("protocol", protocol);
		if (received >= 0) {
			members.put("received", received);
			members.put("replay", replay);
		}
		members.put("window", this.resumption.settings().window().toMillis());
		members.put("bufferSize", this.resumption.settings().bufferSize());
		members.put("ackMessages", this.resumption.settings().ackMessages());
		members.put("ackBytes", this.resumption.settings().ackBytes());
		members.put("ackInterval", this.resumption.settings().ackInterval().toMillis());
		members.put("pingInterval", this.resumption.settings().pingInterval().toMillis());
		members.put("pingTimeout", this.resumption.settings().pingTimeout().toMillis());
		return members;
	}

	private static boolean samePrincipal(@Nullable Principal session, @Nullable Principal connection) {
		return Objects.equals((session != null) ? session.getName() : null,
				(connection != null) ? connection.getName() : null);
	}

	static @Nullable String protocolOf(WebSocketSession containerSession) {
		Object protocol = containerSession.getAttributes().get(ResumeSettings.APPLICATION_PROTOCOL_ATTRIBUTE);
		return (protocol instanceof String name && !name.isEmpty()) ? name : null;
	}

	/**
	 * Opens the session of a connection for the handler that received it.
	 */
	interface Opener {

		/**
		 * Return the endpoint the connection was made to.
		 */
		Endpoint endpoint();

		/**
		 * Register a session over the connection, without telling the application.
		 * @return the session, or {@code null} if refused (the connection is closed)
		 */
		@Nullable SessionHolder register(Connection connection, ResumeState state);

		/**
		 * Tell the application that the session opened.
		 */
		void started(SessionHolder holder);

	}

	private static final class Pending {

		final Connection connection;

		final Opener opener;

		volatile @Nullable ScheduledFuture<?> timeout;

		Pending(Connection connection, Opener opener) {
			this.connection = connection;
			this.opener = opener;
		}

	}

}
