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
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.web.socket.CloseStatus;

/**
 * Starts the sessions' machinery with the application, and drains the sessions when it
 * stops, before the web server does: new handshakes are refused, every session is closed
 * with {@code 1001} as soon as the message being written to it is done (messages still
 * queued are not sent), and the connections of peers that did not answer the close within
 * the shutdown timeout are aborted.
 * <p>
 * Containers report a server-initiated close as soon as the close frame is written, so
 * sessions finish at once; the wait is for the connections, which stay open until the
 * peer's close frame arrives.
 *
 * @author Lifeline contributors
 */
public final class SessionDrain implements SmartLifecycle {

	/**
	 * Lifecycle phase: stops before the web server's graceful shutdown
	 * ({@code DEFAULT_PHASE - 1024}) so clients are told to go away while the server can
	 * still write to them.
	 */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

	static final CloseStatus SHUTDOWN_STATUS = CloseStatus.GOING_AWAY.withReason("Server shutting down");

	private static final Log logger = LogFactory.getLog(SessionDrain.class);

	private final SessionRegistry registry;

	private volatile boolean running;

	/**
	 * Create a new drain.
	 * @param registry the sessions to start and drain
	 */
	public SessionDrain(SessionRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void start() {
		this.registry.events().start();
		this.registry.delivery().attachRelay();
		this.registry.setDraining(false);
		this.running = true;
	}

	@Override
	public void stop() {
		this.registry.setDraining(true);
		try {
			long deadline = System.nanoTime() + this.registry.getSettings().shutdownTimeout().toNanos();
			List<SessionHolder> open = new ArrayList<>(this.registry.holders());
			if (!open.isEmpty()) {
				logger.info("Closing " + open.size() + " WebSocket session(s) for shutdown");
			}
			for (SessionHolder holder : open) {
				this.registry.closing().closeNow(holder, SHUTDOWN_STATUS, CloseCause.SHUTDOWN);
			}
			List<SessionHolder> unanswered = awaitConnectionsClosed(open, deadline);
			if (!unanswered.isEmpty()) {
				logger.info("Aborting " + unanswered.size()
						+ " WebSocket connection(s) that did not answer the shutdown close in time");
			}
			for (SessionHolder holder : unanswered) {
				holder.session().outbox().abort(() -> new SessionClosedException(holder.id()));
				holder.session().connection().abort(SHUTDOWN_STATUS);
				this.registry.finish(holder, CloseStatus.NO_CLOSE_FRAME);
			}
		}
		finally {
			this.registry.resumable().stop();
			this.registry.events().stop();
			this.running = false;
		}
	}

	/**
	 * Wait until every session, including one that opened while draining, finished and
	 * its connection closed, or until the deadline.
	 */
	private List<SessionHolder> awaitConnectionsClosed(List<SessionHolder> open, long deadline) {
		Set<SessionHolder> pending = new LinkedHashSet<>(open);
		Object monitor = this.registry.emptyMonitor();
		synchronized (monitor) {
			while (true) {
				pending.addAll(this.registry.holders());
				pending.removeIf((holder) -> holder.isFinished() && holder.session().connection().isClosed());
				long remaining = deadline - System.nanoTime();
				if (pending.isEmpty() || remaining <= 0) {
					return new ArrayList<>(pending);
				}
				try {
					monitor.wait(Math.max(1, Math.min(remaining / 1_000_000, 50)));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return new ArrayList<>(pending);
				}
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
