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
import dev.lifeline.test.InMemoryWebSocketSession;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.web.socket.CloseStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Sweeper}: what no container callback reports. The registry's settings
 * are {@link Registries}' defaults: a send time limit of 10 s and a close timeout of 1 s.
 */
class SweeperTests {

	private static final long SECOND = Duration.ofSeconds(1).toNanos();

	private final SessionRegistry registry = Registries.create(10, List.of(), null);

	@Test
	void politeCloseTheContainerNeverCompletesIsAbandonedAfterTheSendTimeLimitAndTheCloseTimeout() {
		UnansweredSession containerSession = new UnansweredSession("a");
		SessionHolder holder = this.registry.open(containerSession);
		assertThat(holder).isNotNull();
		long decided = System.nanoTime();
		this.registry.closing().close(holder, CloseStatus.POLICY_VIOLATION, CloseCause.RATE_LIMITED);
		assertThat(containerSession.closeRequested).isEqualTo(CloseStatus.POLICY_VIOLATION);
		this.registry.sweeper().sweep(decided + 10 * SECOND);
		assertThat(this.registry.count()).as("closing, within the send time limit and the close timeout").isEqualTo(1);
		this.registry.sweeper().sweep(decided + 12 * SECOND);
		assertThat(this.registry.count()).isZero();
		assertThat(holder.isFinished()).isTrue();
		assertThat(containerSession.isOpen()).as("connection aborted").isFalse();
		assertThat(this.registry.getStatistics().getClosed(CloseCause.RATE_LIMITED)).isEqualTo(1);
		assertThat(this.registry.getStatistics().getOrphansRemoved()).isZero();
	}

	@Test
	void openSessionIsLeftAlone() {
		SessionHolder holder = this.registry.open(new UnansweredSession("a"));
		assertThat(holder).isNotNull();
		this.registry.sweeper().sweep(System.nanoTime() + 60 * SECOND);
		assertThat(this.registry.count()).isEqualTo(1);
		assertThat(holder.isClosing()).isFalse();
	}

	@Test
	void sessionTheContainerClosedWithoutACallbackIsRemovedBySecondSweepThatSeesItClosed() {
		InMemoryWebSocketSession containerSession = new InMemoryWebSocketSession("a");
		SessionHolder holder = this.registry.open(containerSession);
		assertThat(holder).isNotNull();
		containerSession.close(CloseStatus.GOING_AWAY);
		long now = System.nanoTime();
		this.registry.sweeper().sweep(now);
		assertThat(this.registry.count()).as("seen closed once: its callback may be under way").isEqualTo(1);
		this.registry.sweeper().sweep(now + 5 * SECOND);
		assertThat(this.registry.count()).isZero();
		assertThat(holder.isFinished()).isTrue();
		assertThat(this.registry.getStatistics().getOrphansRemoved()).isOne();
	}

	/**
	 * A container session whose close handshake never completes: a close frame is sent,
	 * but the session stays open until its connection is aborted.
	 */
	static class UnansweredSession extends InMemoryWebSocketSession {

		volatile CloseStatus closeRequested;

		private volatile boolean aborted;

		UnansweredSession(String id) {
			super(id);
		}

		@Override
		public void close(CloseStatus status) {
			if (this.closeRequested == null) {
				this.closeRequested = status;
			}
			else {
				this.aborted = true;
			}
		}

		@Override
		public boolean isOpen() {
			return !this.aborted;
		}

	}

}
