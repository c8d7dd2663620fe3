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
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Set;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;

/**
 * What Lifeline keeps about one live session besides the session the application sees:
 * its lifecycle (the first close intent, whether it finished), the heartbeat's schedule,
 * the message being assembled from partial frames, the groups it is a member of, and what
 * its handshake left for Lifeline (the reserved slot, the handshake's observation), which
 * stays out of the application's attributes.
 *
 * @author Lifeline contributors
 */
final class SessionHolder {

	private static final VarHandle CLOSE_INTENT;

	private static final VarHandle FINISHED;

	static {
		try {
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			CLOSE_INTENT = lookup.findVarHandle(SessionHolder.class, "closeIntent", CloseIntent.class);
			FINISHED = lookup.findVarHandle(SessionHolder.class, "finished", boolean.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final DefaultLifelineSession session;

	private volatile @Nullable CloseIntent closeIntent;

	private volatile boolean finished;

	/**
	 * When the heartbeat pings next ({@link System#nanoTime()}).
	 */
	volatile long nextPingNanos;

	/**
	 * When the last ping was written, or {@code 0}; it is unanswered while no frame has
	 * arrived since.
	 */
	volatile long lastPingNanos;

	/**
	 * Whether the last ping was empty and no pong has arrived since: the first pong after
	 * an empty ping answers it.
	 */
	volatile boolean emptyPingUnanswered;

	/**
	 * Whether the previous cleanup sweep already found the session closed.
	 */
	volatile boolean closedSeen;

	/**
	 * The message being assembled from partial frames. The container's reading thread for
	 * this session sets it; a thread that closes the session discards it.
	 */
	volatile @Nullable MessageAssembler assembler;

	/**
	 * The inbound rate limit, or {@code null} for none. Set before the first message is
	 * delivered; only the reading thread uses it.
	 */
	@Nullable RateLimit rateLimit;

	/**
	 * Whether an inbound limit closed the session, so that its later messages are
	 * dropped.
	 */
	volatile boolean refused;

	/**
	 * The groups the session is a member of, in the order it joined them, or {@code null}
	 * for none. Guarded by this holder (see {@link SessionIndex}).
	 */
	@Nullable Set<String> groups;

	/**
	 * Tells the application's handler that the session finished, or {@code null} before
	 * the handler was told that it opened. Called once, when the session finishes,
	 * whoever finishes it: the container's close callback, or Lifeline when it aborted or
	 * cut off the connection and the container reports the close later, or never.
	 */
	volatile @Nullable Consumer<CloseStatus> applicationClose;

	/**
	 * The slot the handshake guard reserved for the session, released when it finishes.
	 */
	final @Nullable Reservation slot;

	/**
	 * The observation of the session's handshake, the parent of its message observations,
	 * or {@code null}.
	 */
	final @Nullable Object handshakeObservation;

	SessionHolder(DefaultLifelineSession session, @Nullable Reservation slot, @Nullable Object handshakeObservation) {
		this.session = session;
		this.slot = slot;
		this.handshakeObservation = handshakeObservation;
	}

	SessionHolder(DefaultLifelineSession session) {
		this(session, null, null);
	}

	/**
	 * Whether a container's session is the session's current connection, and not one it
	 * had before: callbacks from a replaced connection must not touch the session.
	 */
	boolean isCurrent(WebSocketSession containerSession) {
		return this.session.connection().containerSession() == containerSession;
	}

	/**
	 * Drop the message being assembled, if any, giving its bytes back to the inbound
	 * budget.
	 */
	void discardAssembler() {
		MessageAssembler assembler = this.assembler;
		this.assembler = null;
		if (assembler != null) {
			assembler.release();
		}
	}

	DefaultLifelineSession session() {
		return this.session;
	}

	String id() {
		return this.session.getId();
	}

	/**
	 * Record why Lifeline closes this session, so that the close is counted under that
	 * cause whatever status the container reports. Only the first intent counts, so two
	 * closes racing each other are counted once, under the cause of the status sent.
	 * @param status the status Lifeline closes with
	 * @param cause the cause
	 * @return {@code true} if this is the first intent recorded
	 */
	boolean recordCloseIntent(CloseStatus status, CloseCause cause) {
		return CLOSE_INTENT.compareAndSet(this, null, new CloseIntent(status, cause, System.nanoTime()));
	}

	@Nullable CloseIntent closeIntent() {
		return this.closeIntent;
	}

	boolean isClosing() {
		return this.closeIntent != null || this.finished;
	}

	boolean markFinished() {
		return FINISHED.compareAndSet(this, false, true);
	}

	boolean isFinished() {
		return this.finished;
	}

	/**
	 * A close that Lifeline decided on.
	 *
	 * @param status the status sent to the peer
	 * @param cause the cause
	 * @param decidedNanos when it was decided ({@link System#nanoTime()})
	 */
	record CloseIntent(CloseStatus status, CloseCause cause, long decidedNanos) {
	}

}
