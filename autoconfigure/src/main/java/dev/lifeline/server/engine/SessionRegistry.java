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

import dev.lifeline.server.BroadcastResult;
import dev.lifeline.server.CloseCause;
import dev.lifeline.server.LifelineSession;
import dev.lifeline.server.ManagedEndpoint;
import dev.lifeline.server.RejectionReason;
import dev.lifeline.server.SessionLifecycleListener;
import dev.lifeline.server.SessionSettings;
import dev.lifeline.server.SessionStatistics;
import dev.lifeline.server.WebSocketSessions;
import dev.lifeline.server.adapter.Connection;
import dev.lifeline.server.adapter.Connections;
import dev.lifeline.server.relay.SessionRelay;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * The registry of live sessions behind {@link WebSocketSessions}: the sessions by id and
 * by their current connection, the managed endpoints, and the two steps every session
 * goes through here, {@link #open open} and {@link #finish finish}, which
 * {@link SessionLifecycle} carries out. Delivery (local or through the relay) and closing
 * each have a class of their own.
 * <p>
 * Applications inject {@link WebSocketSessions}; this type adds what the
 * auto-configuration and Lifeline's own beans wire together: endpoint registration, the
 * relay, the group limit and an operator's close.
 *
 * @author Lifeline contributors
 */
public final class SessionRegistry implements WebSocketSessions {

	private static final Log logger = LogFactory.getLog(SessionRegistry.class);

	private final ConcurrentHashMap<String, SessionHolder> sessions = new ConcurrentHashMap<>();

	/**
	 * The sessions by their current container session, for the container's callbacks.
	 */
	private final ConcurrentHashMap<WebSocketSession, SessionHolder> connections = new ConcurrentHashMap<>();

	private final SessionSettings settings;

	private final SessionCounters statistics = new SessionCounters();

	private final SessionIndex index = new SessionIndex();

	private final SessionEvents events;

	private final Delivery delivery = new Delivery(this);

	private final Closing closing = new Closing(this);

	private final Sweeper sweeper = new Sweeper(this);

	private final SessionControl control = new SessionControl(this);

	private final Endpoints endpoints;

	private final SessionLifecycle lifecycle;

	private final Object emptyMonitor = new Object();

	private volatile boolean draining;

	private final ResumableSessions resumable;

	/**
	 * Create a new registry.
	 * @param settings the per-session settings
	 * @param listeners supplies the listeners to notify, in order; called once, when the
	 * first session opens, so that listeners may themselves depend on the registry
	 * @param eventPublisher the publisher for session events, or {@code null}
	 */
	public SessionRegistry(SessionSettings settings, Supplier<List<SessionLifecycleListener>> listeners,
			@Nullable ApplicationEventPublisher eventPublisher) {
		this.settings = settings;
		this.endpoints = new Endpoints(settings, this.statistics);
		this.events = new SessionEvents(this, listeners, eventPublisher);
		this.lifecycle = new SessionLifecycle(this, settings, this.sessions, this.connections, this.control);
		this.resumable = new ResumableSessions(this, this.sessions, this.connections);
		for (String limitation : Connections.limitations()) {
			logger.warn(limitation);
		}
	}

	@Override
	public int count() {
		return this.sessions.size();
	}

	@Override
	public Optional<LifelineSession> find(String id) {
		SessionHolder holder = this.sessions.get(id);
		return (holder != null) ? Optional.of(holder.session()) : Optional.empty();
	}

	@Override
	public Stream<LifelineSession> stream() {
		return this.sessions.values().stream().map(SessionHolder::session);
	}

	@Override
	public SessionSettings getSettings() {
		return this.settings;
	}

	@Override
	public BroadcastResult broadcast(WebSocketMessage<?> message) {
		return this.delivery.broadcast(message);
	}

	@Override
	public boolean send(String id, WebSocketMessage<?> message) {
		return this.delivery.send(id, message);
	}

	@Override
	public CompletableFuture<Boolean> sendAsync(String id, WebSocketMessage<?> message) {
		return this.delivery.sendAsync(id, message);
	}

	@Override
	public List<LifelineSession> findByUser(String user) {
		return sessionsOf(this.index.user(user));
	}

	@Override
	public BroadcastResult sendToUser(String user, WebSocketMessage<?> message) {
		return this.delivery.sendToUser(user, message);
	}

	@Override
	public int closeUser(String user, CloseStatus status) {
		return this.delivery.closeUser(user, status, CloseCause.of(status));
	}

	@Override
	public int userCount() {
		return this.index.userCount();
	}

	@Override
	public boolean join(String sessionId, String group) {
		return this.delivery.join(sessionId, group);
	}

	@Override
	public boolean leave(String sessionId, String group) {
		return this.delivery.leave(sessionId, group);
	}

	@Override
	public BroadcastResult sendToGroup(String group, WebSocketMessage<?> message, @Nullable String exceptSessionId) {
		return this.delivery.sendToGroup(group, message, exceptSessionId);
	}

	@Override
	public List<LifelineSession> findByGroup(String group) {
		return sessionsOf(this.index.group(group));
	}

	@Override
	public Set<String> getGroups(String sessionId) {
		SessionHolder holder = this.sessions.get(sessionId);
		return (holder != null) ? this.index.groupsOf(holder) : Set.of();
	}

	@Override
	public int groupCount() {
		return this.index.groupCount();
	}

	@Override
	public int getMaxGroupsPerSession() {
		return this.index.getMaxGroupsPerSession();
	}

	/**
	 * Set the most groups one session may be a member of at once.
	 * @param maxGroupsPerSession the limit, at least 1
	 */
	public void setMaxGroupsPerSession(int maxGroupsPerSession) {
		this.index.setMaxGroupsPerSession(maxGroupsPerSession);
	}

	@Override
	public boolean close(String id, CloseStatus status) {
		return this.delivery.close(id, status, CloseCause.of(status));
	}

	/**
	 * Close a session, here or on the instance that holds it, because an operator asked
	 * to: counted under {@link CloseCause#OPERATOR}.
	 * @param id the session id
	 * @param status the close status
	 * @return {@code true} if the session was open on this instance, or if the relay took
	 * the close to the instance that may hold it
	 */
	public boolean closeByOperator(String id, CloseStatus status) {
		return this.delivery.close(id, status, CloseCause.OPERATOR);
	}

	@Override
	public SessionStatistics getStatistics() {
		return this.statistics;
	}

	SessionCounters counters() {
		return this.statistics;
	}

	@Override
	public boolean isDraining() {
		return this.draining;
	}

	void setDraining(boolean draining) {
		this.draining = draining;
	}

	/**
	 * Add a managed endpoint, whose sessions are created with its own settings and
	 * counted in its own statistics as well as the registry's.
	 * @param name the endpoint's name, the bean name of its handler
	 * @param path the path it accepts upgrades at, or {@code null}
	 * @param settings the settings of its sessions
	 * @return the endpoint
	 * @throws IllegalStateException if an endpoint of that name exists
	 */
	public ManagedEndpoint addEndpoint(String name, @Nullable String path, SessionSettings settings) {
		return this.endpoints.add(name, path, settings);
	}

	@Override
	public Optional<ManagedEndpoint> getEndpoint(String name) {
		return Optional.ofNullable(this.endpoints.get(name));
	}

	/**
	 * Return the managed endpoints, ordered by name; a registry to which no endpoint was
	 * added has one, named {@code default}.
	 */
	@Override
	public List<ManagedEndpoint> getEndpoints() {
		return this.endpoints.list();
	}

	/**
	 * Return the endpoint of sessions opened without one: the only endpoint, or one named
	 * {@code default} with the registry's settings.
	 */
	Endpoint defaultEndpoint() {
		return this.endpoints.defaultEndpoint();
	}

	/**
	 * Set where the relay that reaches sessions on other instances comes from. It is
	 * looked up when the server starts, since the relay itself delivers into this
	 * registry.
	 * @param relayProvider supplies the relay, or {@code null} for a single instance
	 */
	public void setRelayProvider(Supplier<@Nullable SessionRelay> relayProvider) {
		this.delivery.setRelayProvider(relayProvider);
	}

	/**
	 * Return the registry's side of resumable sessions: offering them, what detached
	 * sessions retain, which handshakes may resume past the caps, and detaching a session
	 * from its connection and attaching it again.
	 * @return the resumable sessions
	 */
	public ResumableSessions resumable() {
		return this.resumable;
	}

	@Nullable Resumption resumption() {
		return this.resumable.resumption();
	}

	@Nullable SessionHolder get(String id) {
		return this.sessions.get(id);
	}

	/**
	 * Return the session whose current connection is a container's session.
	 */
	@Nullable SessionHolder holderOf(WebSocketSession containerSession) {
		return this.connections.get(containerSession);
	}

	Collection<SessionHolder> holders() {
		return this.sessions.values();
	}

	Stream<String> ids() {
		return this.sessions.keySet().stream();
	}

	SessionIndex index() {
		return this.index;
	}

	SessionEvents events() {
		return this.events;
	}

	Delivery delivery() {
		return this.delivery;
	}

	Closing closing() {
		return this.closing;
	}

	Sweeper sweeper() {
		return this.sweeper;
	}

	Object emptyMonitor() {
		return this.emptyMonitor;
	}

	/**
	 * Return what opens and finishes sessions.
	 */
	SessionLifecycle lifecycle() {
		return this.lifecycle;
	}

	/**
	 * Open a session over a container's session that no handler received, keeping the
	 * container's id, as tests with in-memory sessions do.
	 */
	@Nullable SessionHolder open(WebSocketSession containerSession) {
		return this.lifecycle.open(Connections.of(containerSession), defaultEndpoint(), containerSession.getId(), null);
	}

	/**
	 * Record that a session finished: it leaves the registry and its indexes, its slot is
	 * released, the close is counted and the listeners are told. Only the first call for
	 * a session has an effect.
	 */
	void finish(SessionHolder holder, CloseStatus reported) {
		this.lifecycle.finish(holder, reported);
	}

	/**
	 * Count a handshake the handshake guard refused, and tell the listeners.
	 * @param endpoint the endpoint the handshake was for, or {@code null} for the default
	 * one
	 * @param reason why it was refused
	 */
	public void rejected(@Nullable ManagedEndpoint endpoint, RejectionReason reason) {
		rejected((endpoint != null) ? endpoint(endpoint) : defaultEndpoint(), reason);
	}

	void rejected(Endpoint endpoint, RejectionReason reason) {
		endpoint.getStatistics().rejected(reason);
		this.events.rejected(reason);
	}

	/**
	 * Return the registry's own endpoint for one an application holds.
	 */
	Endpoint endpoint(ManagedEndpoint endpoint) {
		return this.endpoints.resolve(endpoint);
	}

	void pingSent(DefaultLifelineSession session) {
		session.endpoint().getStatistics().pingSent();
		this.events.pingSent(session);
	}

	void pongReceived(LifelineSession session, Duration rtt) {
		this.events.pongReceived(session, rtt);
	}

	private static List<LifelineSession> sessionsOf(Set<SessionHolder> holders) {
		return holders.stream().<LifelineSession>map(SessionHolder::session).toList();
	}

}
