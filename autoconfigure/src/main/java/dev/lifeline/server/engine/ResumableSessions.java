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

import dev.lifeline.server.ManagedEndpoint;
import dev.lifeline.server.adapter.Connection;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;

/**
 * The {@link SessionRegistry}'s side of resumable sessions ({@code lifeline.resume.v1}):
 * whether resume is on and the {@link Resumption} that serves it, what detached sessions
 * retain, which handshakes may resume past the session caps, and the registry's map of
 * connections when a session is detached from its connection or attached again to a new
 * one. The auto-configuration starts it; the handshake guard, the actuator endpoint and
 * the meters read it.
 *
 * @author Lifeline contributors
 * @see SessionRegistry#resumable()
 */
public final class ResumableSessions {

	private final SessionRegistry registry;

	private final Map<String, SessionHolder> sessions;

	private final Map<WebSocketSession, SessionHolder> connections;

	private volatile @Nullable Resumption resumption;

	/**
	 * Create the resumable sessions of a registry.
	 * @param registry the registry
	 * @param sessions the registry's sessions by id
	 * @param connections the registry's sessions by their current container session
	 */
	ResumableSessions(SessionRegistry registry, Map<String, SessionHolder> sessions,
			Map<WebSocketSession, SessionHolder> connections) {
		this.registry = registry;
		this.sessions = sessions;
		this.connections = connections;
	}

	/**
	 * Offer resumable sessions with the given settings, stopping what served them before.
	 * @param settings how they behave
	 */
	public void start(ResumeSettings settings) {
		Resumption previous = this.resumption;
		this.resumption = new Resumption(this.registry, settings);
		if (previous != null) {
			previous.stop();
		}
	}

	/**
	 * Return what serves resumable sessions.
	 * @return the resumption, or {@code null} when resume is off
	 */
	@Nullable Resumption resumption() {
		return this.resumption;
	}

	/**
	 * Return what resumable sessions did on this server.
	 * @return the counters, or {@code null} when resume is off
	 */
	public @Nullable ResumeCounters getCounters() {
		Resumption resumption = this.resumption;
		return (resumption != null) ? resumption.counters() : null;
	}

	/**
	 * Return the bytes all detached sessions retain together.
	 * @return the byte count
	 */
	public long getDetachedBytes() {
		Resumption resumption = this.resumption;
		return (resumption != null) ? resumption.detachedBytes() : 0;
	}

	/**
	 * Return the number of sessions without a connection, kept for a resume.
	 * @return the count
	 */
	public int getDetachedCount() {
		int detached = 0;
		for (SessionHolder holder : this.sessions.values()) {
			if (holder.session().isDetached()) {
				detached++;
			}
		}
		return detached;
	}

	/**
	 * Whether a handshake that names a session to resume may be admitted past the session
	 * caps: that session is here, resumable, on the same endpoint and, when the request
	 * is authenticated, of the same principal, and holds its slot.
	 * <p>
	 * A request without a principal is admitted for a session that has one: the session's
	 * principal may come from the endpoint's handshake handler, which decides it after
	 * this check. The resume itself compares the principal the handshake handler decided,
	 * with the token; a refused resume reserves a slot under the caps before a fresh
	 * session opens.
	 * @param id the session id the handshake names
	 * @param endpoint the endpoint of the handshake, or {@code null} for the default one
	 * @param principal the name of the handshake request's principal, or {@code null}
	 * @return {@code true} to admit it without a slot
	 */
	public boolean admits(String id, @Nullable ManagedEndpoint endpoint, @Nullable String principal) {
		SessionHolder holder = this.sessions.get(id);
		if (this.resumption == null || holder == null || holder.session().resume() == null || holder.isClosing()) {
			return false;
		}
		Endpoint target = (endpoint != null) ? this.registry.endpoint(endpoint) : this.registry.defaultEndpoint();
		return holder.session().endpoint() == target
				&& (principal == null || principal.equals(holder.session().getPrincipalName()));
	}

	/**
	 * Stop resumable sessions' thread, once the server no longer accepts connections.
	 */
	void stop() {
		Resumption resumption = this.resumption;
		if (resumption != null) {
			resumption.stop();
		}
	}

	/**
	 * Detach a resumable session from its connection instead of finishing it.
	 * @param holder the session
	 * @param abort the status to abort the connection with, or {@code null} when it is
	 * already closed
	 * @return {@code true} if the session is detached
	 */
	boolean detach(SessionHolder holder, @Nullable CloseStatus abort) {
		Resumption resumption = this.resumption;
		return resumption != null && resumption.detach(holder, abort);
	}

	/**
	 * Forget a connection a session was detached from: its late callbacks find no
	 * session.
	 */
	void detached(SessionHolder holder, Connection connection) {
		this.connections.remove(connection.containerSession(), holder);
	}

	/**
	 * Make a connection the current one of a session that resumes on it.
	 */
	void reattach(SessionHolder holder, Connection connection) {
		Connection previous = holder.session().connection();
		this.connections.remove(previous.containerSession(), holder);
		holder.session().replaceConnection(connection);
		this.connections.put(connection.containerSession(), holder);
	}

}
