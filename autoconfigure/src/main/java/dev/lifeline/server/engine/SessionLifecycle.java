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
import dev.lifeline.server.MessageObserver;
import dev.lifeline.server.RejectionReason;
import dev.lifeline.server.SessionClosedException;
import dev.lifeline.server.SessionClosure;
import dev.lifeline.server.SessionSettings;
import dev.lifeline.server.adapter.Connection;
import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import org.springframework.util.AlternativeJdkIdGenerator;
import org.springframework.util.IdGenerator;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;

/**
 * The two steps every session goes through in the {@link SessionRegistry}: open, which
 * makes the session over the connection a handshake made and enters it in the registry's
 * maps and indexes, and finish, which takes it out again exactly once, releases its slot,
 * counts the close and tells the application and the listeners.
 *
 * @author Lifeline contributors
 */
final class SessionLifecycle {

	private static final IdGenerator idGenerator = new AlternativeJdkIdGenerator();

	private final SessionRegistry registry;

	private final SessionSettings settings;

	private final Map<String, SessionHolder> sessions;

	private final Map<WebSocketSession, SessionHolder> connections;

	private final SessionOwner control;

	/**
	 * Create the lifecycle of a registry's sessions.
	 * @param registry the registry
	 * @param settings the registry's settings
	 * @param sessions the registry's sessions by id
	 * @param connections the registry's sessions by their current container session
	 * @param control what the sessions report to
	 */
	SessionLifecycle(SessionRegistry registry, SessionSettings settings, Map<String, SessionHolder> sessions,
			Map<WebSocketSession, SessionHolder> connections, SessionOwner control) {
		this.registry = registry;
		this.settings = settings;
		this.sessions = sessions;
		this.connections = connections;
		this.control = control;
	}

	/**
	 * Open a session, with an id of its own, over the connection a handshake made, unless
	 * the server is draining or the endpoint or the user is full, in which case the
	 * connection is aborted or closed.
	 * @param connection the connection
	 * @param endpoint the endpoint it was made to
	 * @param resume its resume state, or {@code null} for a session that is not resumable
	 * @return the session, or {@code null} if refused
	 */
	@Nullable SessionHolder open(Connection connection, Endpoint endpoint, @Nullable ResumeState resume) {
		return open(connection, endpoint, idGenerator.generateId().toString(), resume);
	}

	/**
	 * Open a session over a connection, unless the server is draining or the endpoint or
	 * the user is full, in which case the connection is aborted or closed.
	 * @param connection the connection
	 * @param endpoint the endpoint it was made to
	 * @param id the session's id
	 * @param resume its resume state, or {@code null} for a session that is not resumable
	 * @return the session, or {@code null} if refused
	 */
	@Nullable SessionHolder open(Connection connection, Endpoint endpoint, String id, @Nullable ResumeState resume) {
		SessionSettings settings = endpoint.getSettings();
		bound(connection, endpoint);
		if (this.registry.isDraining()) {
			endpoint.getStatistics().rejected(RejectionReason.SHUTDOWN);
			connection.abort(SessionDrain.SHUTDOWN_STATUS);
			return null;
		}
		if (endpoint.count() >= settings.maxSessions()) {
			// Only without the handshake guard, which reserves a slot before the upgrade.
			this.registry.rejected(endpoint, RejectionReason.CAPACITY);
			connection.abort(CloseStatus.SERVICE_OVERLOAD.withReason("Too many sessions"));
			return null;
		}
		Map<String, Object> attributes = connection.containerSession().getAttributes();
		Reservation slot = (attributes.get(Reservation.ATTRIBUTE) instanceof Reservation reserved) ? reserved : null;
		Principal principal = connection.containerSession().getPrincipal();
		if (slot != null && !slot.assignUser((principal != null) ? principal.getName() : null)) {
			// Only when a handshake handler decided the principal and upgraded with a
			// strategy of its own, not the endpoint's, which caps before the upgrade.
			this.registry.rejected(endpoint, RejectionReason.USER_LIMIT);
			connection.close(CloseStatus.POLICY_VIOLATION.withReason("Too many sessions for user"));
			return null;
		}
		// What the handshake left for Lifeline stays with Lifeline: the application's
		// attributes are its own.
		attributes.remove(Reservation.ATTRIBUTE);
		Object handshakeObservation = attributes.remove(MessageObserver.HANDSHAKE_OBSERVATION_ATTRIBUTE);
		attributes.remove(ResumeSettings.APPLICATION_PROTOCOL_ATTRIBUTE);
		SessionHolder holder = new SessionHolder(
				new DefaultLifelineSession(id, connection, attributes, endpoint, this.control, resume), slot,
				handshakeObservation);
		endpoint.opened();
		this.registry.index().opened(holder);
		this.connections.put(connection.containerSession(), holder);
		this.sessions.put(holder.id(), holder);
		endpoint.getStatistics().opened();
		if (this.registry.isDraining()) {
			// Shutdown began between the check above and the put: its drain may not have
			// seen this session, so close it here. Whichever close comes first counts.
			this.registry.closing().close(holder, SessionDrain.SHUTDOWN_STATUS, CloseCause.SHUTDOWN);
		}
		this.registry.events().opened(holder.session());
		return holder;
	}

	/**
	 * Bound the container's own blocking writes (pong answers, close replies): they give
	 * up only after the cleanup sweep had its chance to cut the session off.
	 */
	void bound(Connection connection, Endpoint endpoint) {
		Duration blockingSendTimeout = endpoint.getSettings()
			.sendTimeLimit()
			.plus(this.settings.cleanupInterval())
			.plusSeconds(1);
		connection.bound(blockingSendTimeout, this.settings.closeTimeout());
	}

	/**
	 * Record that a session finished: it leaves the registry and its indexes, its slot is
	 * released, the close is counted and the listeners are told. Only the first call for
	 * a session has an effect.
	 */
	void finish(SessionHolder holder, CloseStatus reported) {
		if (!holder.markFinished()) {
			return;
		}
		DefaultLifelineSession session = holder.session();
		SessionHolder.CloseIntent intent = holder.closeIntent();
		CloseStatus status = (intent != null) ? intent.status() : reported;
		CloseCause cause = (intent != null) ? intent.cause() : CloseCause.ofPeer(reported);
		// Counted before the session leaves the registry: whoever no longer finds it
		// finds its close counted.
		session.endpoint().getStatistics().closed(cause);
		this.sessions.remove(holder.id(), holder);
		this.connections.remove(session.connection().containerSession(), holder);
		session.connection().finished();
		session.endpoint().finished();
		this.registry.delivery().leftAll(holder, this.registry.index().finished(holder));
		holder.discardAssembler();
		if (holder.slot != null) {
			holder.slot.release();
		}
		session.outbox().abort(() -> new SessionClosedException(session.getId()));
		Resumption resumption = this.registry.resumption();
		if (resumption != null) {
			resumption.finished(holder);
		}
		Instant now = Instant.now();
		SessionClosure closure = new SessionClosure(session.getId(), now, status.getCode(),
				(status.getReason() != null) ? status.getReason() : "", cause, session.getRemoteAddressText(),
				session.getPrincipalName(), Duration.between(session.getOpenedAt(), now));
		this.registry.events().closed(session, closure);
		Consumer<CloseStatus> applicationClose = holder.applicationClose;
		if (applicationClose != null) {
			// When Lifeline finished the session from its heartbeat or sweep, the
			// application is told on another thread.
			this.registry.events().dispatch(() -> applicationClose.accept(status));
		}
		if (this.sessions.isEmpty()) {
			synchronized (this.registry.emptyMonitor()) {
				this.registry.emptyMonitor().notifyAll();
			}
		}
	}

}
