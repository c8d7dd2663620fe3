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

import org.springframework.web.socket.CloseStatus;

/**
 * Finds what no callback reports: sessions whose oldest unwritten message passed the send
 * time limit, which it cuts off, sessions the container closed without a callback, which
 * it finishes, and polite closes that did not complete within the send time limit (for
 * the close frame to be written) plus the close timeout (for the peer to answer), which
 * it abandons. The {@link ConnectionCleanupListener} runs it.
 *
 * @author Lifeline contributors
 */
final class Sweeper {

	private final SessionRegistry registry;

	Sweeper(SessionRegistry registry) {
		this.registry = registry;
	}

	/**
	 * Cut off sessions whose oldest unwritten message is older than the send time limit,
	 * remove sessions that the container closed without a callback, and abandon closes
	 * that did not complete in time. A session must be seen closed by two consecutive
	 * sweeps, so a close that is merely in progress is left to its callback.
	 * @return the number of orphans removed
	 */
	int sweep() {
		return sweep(System.nanoTime());
	}

	int sweep(long now) {
		return SessionEvents.callAsWorker(() -> sweepSessions(true, now));
	}

	/**
	 * Cut off sessions whose oldest unwritten message is older than the send time limit,
	 * without asking the container which sessions are still open: the cheaper part of a
	 * {@link #sweep()}, which the cleanup listener runs in between full sweeps. Nothing
	 * to do, and no session visited, while no session has anything to write.
	 */
	void sweepSends() {
		SessionEvents.callAsWorker(() -> sweepSessions(false, System.nanoTime()));
	}

	private int sweepSessions(boolean orphans, long now) {
		if (!orphans && this.registry.counters().getSessionsWriting() <= 0) {
			return 0;
		}
		int removed = 0;
		long sendTimeLimit = this.registry.getSettings().sendTimeLimit().toNanos();
		long closeLimit = sendTimeLimit + this.registry.getSettings().closeTimeout().toNanos();
		for (SessionHolder holder : this.registry.holders()) {
			DefaultLifelineSession session = holder.session();
			SessionHolder.CloseIntent intent = holder.closeIntent();
			if (orphans && intent != null && now - intent.decidedNanos() > closeLimit) {
				this.registry.closing().abandon(holder);
			}
			else if (!orphans || !session.isReleased()) {
				if (orphans) {
					holder.closedSeen = false;
				}
				long oldest = session.outbox().oldestUnwrittenNanos();
				if (oldest != 0 && now - oldest > sendTimeLimit) {
					this.registry.closing().cutOff(holder, session.slowConsumerReason());
				}
			}
			else if (!holder.closedSeen) {
				holder.closedSeen = true;
			}
			else {
				session.endpoint().getStatistics().orphanRemoved();
				this.registry.finish(holder, CloseStatus.NO_CLOSE_FRAME);
				removed++;
			}
		}
		return removed;
	}

}
