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
import dev.lifeline.server.LifelineSession;
import dev.lifeline.server.ManagedEndpoint;
import dev.lifeline.server.MessageObserver;
import dev.lifeline.server.adapter.Connection;
import dev.lifeline.server.adapter.Connections;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;

/**
 * Decorates the application's {@link WebSocketHandler} on Lifeline's managed path.
 * <p>
 * It hands the application the same send-serialized {@link LifelineSession} in every
 * callback, keeps the registry and its counters current, reports pongs to the heartbeat,
 * and enforces the inbound limits, through {@link InboundLimits}: the message sizes, the
 * per-session rate limit and the budget of bytes held in partial messages across
 * sessions. To keep per-session memory independent of the size limits it asks the
 * container for partial messages, so the container's message buffers stay at their small
 * defaults, and joins the parts itself; a handler that does not support partial messages
 * still receives whole ones.
 *
 * @author Lifeline contributors
 */
public class LifelineWebSocketHandler extends WebSocketHandlerDecorator {

	private static final Log logger = LogFactory.getLog(LifelineWebSocketHandler.class);

	private final SessionRegistry sessions;

	private final Endpoint endpoint;

	private final @Nullable HeartbeatService heartbeat;

	private final InboundLimits limits;

	private @Nullable MessageObserver messageObserver;

	private final ResumeHandshake.Opener opener = new ResumableOpener();

	/**
	 * Create a new decorator.
	 * @param delegate the application's handler
	 * @param sessions the session registry
	 * @param heartbeat the heartbeat service, or {@code null} when disabled
	 */
	public LifelineWebSocketHandler(WebSocketHandler delegate, SessionRegistry sessions,
			@Nullable HeartbeatService heartbeat) {
		this(delegate, sessions, sessions.defaultEndpoint(), heartbeat);
	}

	/**
	 * Create a new decorator for one managed endpoint.
	 * @param delegate the application's handler
	 * @param sessions the session registry
	 * @param endpoint the endpoint, whose settings the sessions get
	 * @param heartbeat the heartbeat service, or {@code null} when disabled
	 */
	public LifelineWebSocketHandler(WebSocketHandler delegate, SessionRegistry sessions, ManagedEndpoint endpoint,
			@Nullable HeartbeatService heartbeat) {
		super(delegate);
		this.sessions = sessions;
		this.endpoint = sessions.endpoint(endpoint);
		this.heartbeat = heartbeat;
		this.limits = new InboundLimits(sessions.closing(), this.endpoint.getStatistics(),
				endpoint.getSettings().maxTextMessageSize().toBytes(),
				endpoint.getSettings().maxBinaryMessageSize().toBytes(), delegate.supportsPartialMessages());
	}

	/**
	 * Return the endpoint whose sessions this handler manages.
	 * @return the endpoint
	 */
	public ManagedEndpoint getEndpoint() {
		return this.endpoint;
	}

	/**
	 * Observe each message handed to the application's handler.
	 * @param messageObserver the observer, or {@code null} for none
	 */
	public void setMessageObserver(@Nullable MessageObserver messageObserver) {
		this.messageObserver = messageObserver;
	}

	/**
	 * Set the budget of bytes that all sessions together may hold in partial messages
	 * Lifeline joins for the application's handler.
	 * @param inboundBudget the budget, or {@code null} for none
	 */
	public void setInboundBudget(@Nullable InboundBudget inboundBudget) {
		this.limits.setInboundBudget(inboundBudget);
	}

	/**
	 * Limit the data messages each session may send, as a token bucket. Pongs and close
	 * frames do not count.
	 * @param messagesPerSecond the sustained rate, or {@code 0} for no limit
	 * @param burst the most messages that may arrive at once
	 */
	public void setRateLimit(double messagesPerSecond, int burst) {
		this.limits.setRateLimit(messagesPerSecond, burst);
	}

	@Override
	public void afterConnectionEstablished(WebSocketSession session) throws Exception {
		Connection connection = Connections.of(session);
		if (!connection.deliversPartialMessages()) {
			// Containers without partial delivery enforce the limits themselves (1009).
			session.setTextMessageSizeLimit((int) this.limits.maxTextMessageSize());
			session.setBinaryMessageSizeLimit((int) this.limits.maxBinaryMessageSize());
		}
		Resumption resumption = this.sessions.resumption();
		if (resumption != null && session.getAttributes().containsKey(ResumeSettings.APPLICATION_PROTOCOL_ATTRIBUTE)) {
			// The session opens, or resumes, when the client says which.
			this.sessions.lifecycle().bound(connection, this.endpoint);
			if (this.heartbeat != null) {
				connection.leaveIdleTimeoutToHeartbeat();
			}
			resumption.handshake().awaitHello(connection, this.opener);
			return;
		}
		SessionHolder holder = this.sessions.lifecycle().open(connection, this.endpoint, null);
		if (holder == null) {
			Reservation.release(session);
			return;
		}
		prepare(holder, connection);
		started(holder);
	}

	private void prepare(SessionHolder holder, Connection connection) {
		RateLimit rateLimit = this.limits.newRateLimit(System.nanoTime());
		if (rateLimit != null) {
			holder.rateLimit = rateLimit;
		}
		if (this.heartbeat != null) {
			connection.leaveIdleTimeoutToHeartbeat();
			this.heartbeat.scheduleFirstPing(holder);
		}
		holder.applicationClose = (status) -> applicationClosed(holder, status);
	}

	private void started(SessionHolder holder) {
		try {
			super.afterConnectionEstablished(holder.session());
		}
		catch (Exception ex) {
			handlerFailed(holder, ex);
		}
	}

	@Override
	public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) throws Exception {
		SessionHolder holder = this.sessions.holderOf(session);
		if (holder == null) {
			Resumption resumption = this.sessions.resumption();
			if (resumption != null && !(message instanceof PongMessage)) {
				resumption.handshake().firstMessage(session, message);
			}
			return;
		}
		DefaultLifelineSession managed = holder.session();
		long now = System.nanoTime();
		ResumeState resume = managed.resume();
		Resumption resumption = this.sessions.resumption();
		if (resume != null && resumption != null && !(message instanceof PongMessage)) {
			synchronized (resume.inbound()) {
				if (!holder.isCurrent(session)) {
					// Taken over meanwhile: nothing of the old connection reaches the
					// application after the resume counted what it processed.
					return;
				}
				managed.traffic().recordInboundActivity(now);
				WebSocketMessage<?> data = resumption.inbound().receive(holder, resume, message);
				if (data != null && handleData(holder, data, now)) {
					resumption.inbound().processed(holder, resume, payloadSize(data), data.isLast());
				}
			}
			return;
		}
		if (message instanceof PongMessage pong) {
			try {
				managed.traffic().recordInboundActivity(now);
				if (this.heartbeat != null) {
					this.heartbeat.pongReceived(holder, pong.getPayload(), now);
				}
				super.handleMessage(managed, message);
			}
			catch (Exception ex) {
				handlerFailed(holder, ex);
			}
			return;
		}
		handleData(holder, message, now);
	}

	/**
	 * Hand a text or binary message, or part, to the application within the inbound
	 * limits.
	 * @return whether it was handed over, or kept to join with its next parts
	 */
	private boolean handleData(SessionHolder holder, WebSocketMessage<?> message, long now) {
		if (holder.refused) {
			return false;
		}
		DefaultLifelineSession managed = holder.session();
		try {
			WebSocketMessage<?> whole = this.limits.assemble(holder, message, now);
			MessageObserver observer = this.messageObserver;
			if (whole != null && observer != null) {
				observer.observe(managed, holder.handshakeObservation, whole,
						() -> super.handleMessage(managed, whole));
			}
			else if (whole != null) {
				super.handleMessage(managed, whole);
			}
			return !holder.isClosing();
		}
		catch (Exception ex) {
			handlerFailed(holder, ex);
			return false;
		}
	}

	private static long payloadSize(WebSocketMessage<?> message) {
		return (message instanceof TextMessage text) ? Utf8.length(text.getPayload()) : message.getPayloadLength();
	}

	/**
	 * Close the session with {@code 1011} when the application's handler throws, instead
	 * of letting the exception reach Spring's decorators, which log its stack trace at
	 * ERROR: the close is then the one WARN line, and the peer learns only the exception
	 * type.
	 */
	private void handlerFailed(SessionHolder holder, Exception ex) {
		if (logger.isDebugEnabled()) {
			logger.debug("WebSocket handler failed on session " + holder.id(), ex);
		}
		CloseStatus status = CloseStatus.SERVER_ERROR.withReason("Handler failed: " + ex.getClass().getSimpleName());
		this.sessions.closing().close(holder, status, CloseCause.SERVER_ERROR);
	}

	@Override
	public void handleTransportError(WebSocketSession session, Throwable exception) throws Exception {
		SessionHolder holder = this.sessions.holderOf(session);
		if (logger.isDebugEnabled()) {
			logger.debug("Transport error on WebSocket session " + session.getId() + ": " + exception);
		}
		if (holder != null && holder.session().resume() != null) {
			// A resumable session outlives its connection: the application hears of its
			// end
			// only.
			return;
		}
		if (holder == null && this.sessions.resumption() != null) {
			// No session the application saw: refused at open, before its hello, or a
			// connection a resumable session no longer uses.
			return;
		}
		super.handleTransportError((holder != null) ? holder.session() : session, exception);
	}

	@Override
	public void afterConnectionClosed(WebSocketSession session, CloseStatus closeStatus) throws Exception {
		SessionHolder holder = this.sessions.holderOf(session);
		if (holder == null || !holder.isCurrent(session)) {
			// Refused at open, closed before its hello, or a connection the session no
			// longer uses.
			Resumption resumption = this.sessions.resumption();
			if (resumption != null) {
				resumption.handshake().closedBeforeHello(session);
			}
			Reservation.release(session);
			return;
		}
		if (closeStatus.getCode() == CloseStatus.NO_CLOSE_FRAME.getCode()
				&& this.sessions.resumable().detach(holder, null)) {
			// Resumable, and dropped without a close frame: kept for its window.
			return;
		}
		this.sessions.finish(holder, closeStatus);
	}

	/**
	 * Tell the application's handler that a session finished: once, from the registry's
	 * finish, whichever way the session ended, also when Lifeline cut the connection off
	 * and the container reports its close later or not at all.
	 */
	private void applicationClosed(SessionHolder holder, CloseStatus status) {
		try {
			getDelegate().afterConnectionClosed(holder.session(), status);
		}
		catch (Exception ex) {
			logger.warn("WebSocket handler failed after session " + holder.id() + " closed: " + ex);
		}
	}

	/**
	 * Opens resumable sessions once their connection said {@code hello}.
	 */
	private final class ResumableOpener implements ResumeHandshake.Opener {

		@Override
		public Endpoint endpoint() {
			return LifelineWebSocketHandler.this.endpoint;
		}

		@Override
		public @Nullable SessionHolder register(Connection connection, ResumeState state) {
			SessionHolder holder = LifelineWebSocketHandler.this.sessions.lifecycle()
				.open(connection, endpoint(), state);
			if (holder == null) {
				Reservation.release(connection.containerSession());
				return null;
			}
			prepare(holder, connection);
			return holder;
		}

		@Override
		public void started(SessionHolder holder) {
			LifelineWebSocketHandler.this.started(holder);
		}

	}

	/**
	 * Lifeline assembles partial messages itself, so the container's message buffers can
	 * stay small.
	 * @return {@code true}
	 */
	@Override
	public boolean supportsPartialMessages() {
		return true;
	}

}
