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
import dev.lifeline.server.SessionClosedException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.CloseStatus;

/**
 * How a session closes: the one state machine every close goes through, whoever starts
 * it.
 * <p>
 * A session is <em>open</em> until a close is decided, <em>closing</em> from the first
 * decision (only the first one counts: its status is sent and its {@link CloseCause} is
 * recorded, whatever closes race it), and <em>finished</em> once the registry has removed
 * it, released its slot and told the application, exactly once. The verbs:
 * <dl>
 * <dt>close</dt>
 * <dd>Polite: the close frame is queued behind the messages queued before it, and the
 * container completes the close handshake with the peer. For a peer that is alive.</dd>
 * <dt>close now</dt>
 * <dd>Polite, but what is still queued is dropped: the close frame follows the message
 * being written, if any. For shutdown, where queued messages are not worth the wait.</dd>
 * <dt>terminate</dt>
 * <dd>For a peer that is dead or not reading: the queue is dropped, the connection is
 * aborted and the session finishes at once, without waiting for an answer that will never
 * come.</dd>
 * <dt>cut off</dt>
 * <dd>Terminate a slow consumer found by whoever was sending to it: the queue is dropped
 * and later sends refused at once, and the abort and the application's callback run on
 * the events thread, so that a broadcast that found the overflow does not wait.</dd>
 * <dt>abort</dt>
 * <dd>What the connection does for terminate and cut off: the close frame only if it fits
 * at once, then the socket is released (see
 * {@link dev.lifeline.server.adapter.Connection#abort}).</dd>
 * <dt>detach</dt>
 * <dd>What terminate and cut off do instead for a resumable session: the connection is
 * aborted, but the session is kept, without a connection, for its client to resume it;
 * nothing is counted and the application is not told. Every other verb still ends a
 * detached session.</dd>
 * <dt>finish</dt>
 * <dd>What the registry does once, when the connection ended or was aborted: the session
 * leaves the registry and its indexes, its slot is released, the close is counted and the
 * application and listeners are told.</dd>
 * </dl>
 * A {@link CloseCause} says who closed and why: a cause recorded here is Lifeline's or
 * the application's; a close the peer starts is counted under the cause of the status it
 * sent.
 *
 * @author Lifeline contributors
 */
final class Closing {

	private static final Log logger = LogFactory.getLog(Closing.class);

	private final SessionRegistry registry;

	Closing(SessionRegistry registry) {
		this.registry = registry;
	}

	/**
	 * Close a session whose peer is alive: queue the close frame behind the messages
	 * already queued and let the container complete the close handshake.
	 */
	void close(SessionHolder holder, CloseStatus status, CloseCause cause) {
		if (!holder.recordCloseIntent(status, cause)) {
			return;
		}
		holder.session().outbox().close(status);
		if (holder.session().isDetached() || !holder.session().isOpen()) {
			this.registry.finish(holder, status);
		}
	}

	/**
	 * Close a session now for shutdown: the close frame follows the message being
	 * written, and what is still queued is dropped.
	 * @return whether this was the first close decided for the session
	 */
	boolean closeNow(SessionHolder holder, CloseStatus status, CloseCause cause) {
		if (!holder.recordCloseIntent(status, cause)) {
			return false;
		}
		holder.session().outbox().closeNow(status);
		if (holder.session().isDetached()) {
			this.registry.finish(holder, status);
		}
		return true;
	}

	/**
	 * End a detached resumable session: it has no connection to close.
	 */
	void finishDetached(SessionHolder holder, CloseStatus status, CloseCause cause) {
		if (!holder.recordCloseIntent(status, cause)) {
			return;
		}
		DefaultLifelineSession session = holder.session();
		session.outbox().abort(() -> new SessionClosedException(session.getId()));
		this.registry.finish(holder, status);
	}

	/**
	 * Close a session whose peer is dead or not reading: drop its queue, write a close
	 * frame only if it fits at once, then release the connection without waiting for an
	 * answer that will never come.
	 */
	void terminate(SessionHolder holder, CloseStatus status, CloseCause cause) {
		if (this.registry.resumable().detach(holder, status)) {
			// Resumable: the connection is dropped, the session kept for its window.
			return;
		}
		if (!holder.recordCloseIntent(status, cause)) {
			return;
		}
		DefaultLifelineSession session = holder.session();
		session.outbox().abort(() -> new SessionClosedException(session.getId()));
		session.connection().abort(status);
		this.registry.finish(holder, status);
	}

	/**
	 * Cut a slow consumer off: terminate it without making the sender that found the
	 * overflow wait for the container.
	 */
	void cutOff(SessionHolder holder, String reason) {
		if (holder.isClosing()) {
			return;
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Cutting WebSocket session " + holder.id() + " off as a slow consumer: " + reason);
		}
		CloseStatus status = CloseStatus.SESSION_NOT_RELIABLE.withReason(truncate(reason));
		if (this.registry.resumable().detach(holder, status)) {
			// Resumable: a stuck write drops the connection, not the session.
			return;
		}
		if (!holder.recordCloseIntent(status, CloseCause.SLOW_CONSUMER)) {
			return;
		}
		// Cut off now (queue freed, later sends refused, counted); release the connection
		// and tell the listeners on the events thread: with a write in flight, the
		// container may wait a few milliseconds for it, and the sender that found the
		// overflow, perhaps in the middle of a broadcast, must not wait for that.
		DefaultLifelineSession session = holder.session();
		session.outbox().abort(() -> new SessionClosedException(session.getId()));
		SessionEvents.runAsWorker(() -> this.registry.finish(holder, status));
		this.registry.events().execute(() -> session.connection().abort(status));
	}

	/**
	 * Give up on a polite close that did not complete: its close frame could not be
	 * written, or the peer never answered it, or the container never reported the end of
	 * the close handshake. The connection is aborted and the session finishes with the
	 * status and cause decided first.
	 */
	void abandon(SessionHolder holder) {
		SessionHolder.CloseIntent intent = holder.closeIntent();
		if (intent == null || holder.isFinished()) {
			return;
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Closing WebSocket session " + holder.id() + " with " + intent.status().getCode()
					+ " did not complete: its connection is aborted");
		}
		DefaultLifelineSession session = holder.session();
		session.outbox().abort(() -> new SessionClosedException(session.getId()));
		session.connection().abort(intent.status());
		this.registry.finish(holder, intent.status());
	}

	/**
	 * A write failed: the connection is unusable.
	 */
	void writeFailed(SessionHolder holder, Throwable failure) {
		if (holder.isClosing()) {
			return;
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Write failed on WebSocket session " + holder.id() + ": " + failure);
		}
		terminate(holder, CloseStatus.NO_CLOSE_FRAME, CloseCause.ABNORMAL);
	}

	private static String truncate(@Nullable String reason) {
		if (reason == null) {
			return "";
		}
		// A close reason must fit a control frame: 125 bytes minus the 2-byte code.
		return (reason.length() <= 120) ? reason : reason.substring(0, 120);
	}

}
