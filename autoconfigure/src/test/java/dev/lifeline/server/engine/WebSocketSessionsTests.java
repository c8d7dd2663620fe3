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
import dev.lifeline.server.SessionClosure;
import dev.lifeline.server.SessionLifecycleListener;
import dev.lifeline.server.WebSocketSessionClosedEvent;
import dev.lifeline.server.WebSocketSessions;
import dev.lifeline.test.InMemoryWebSocketSession;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.web.socket.CloseStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the rule that a session leaves {@link WebSocketSessions} exactly once,
 * whichever of the close paths gets there first.
 */
class WebSocketSessionsTests {

	private final List<SessionClosure> closures = new CopyOnWriteArrayList<>();

	private final List<Object> events = new CopyOnWriteArrayList<>();

	private final SessionRegistry sessions = Registries.create(100, List.of(new SessionLifecycleListener() {

		@Override
		public void sessionClosed(LifelineSession session, SessionClosure closed) {
			WebSocketSessionsTests.this.closures.add(closed);
		}

	}), this.events::add);

	@Test
	void containerCallbackAfterACloseIsIgnored() {
		SessionHolder session = this.sessions.open(new InMemoryWebSocketSession("one"));
		assertThat(this.sessions.closeByOperator("one", CloseStatus.POLICY_VIOLATION)).isTrue();
		this.sessions.finish(session, CloseStatus.NORMAL);
		this.sessions.finish(session, CloseStatus.NO_CLOSE_FRAME);
		assertThat(this.closures).singleElement().satisfies((closure) -> {
			assertThat(closure.cause()).isEqualTo(CloseCause.OPERATOR);
			assertThat(closure.code()).isEqualTo(1008);
		});
		assertThat(this.sessions.getStatistics().getClosedTotal()).isOne();
		assertThat(this.sessions.getStatistics().getClosed(CloseCause.OPERATOR)).isOne();
		assertThat(this.events).filteredOn(WebSocketSessionClosedEvent.class::isInstance).hasSize(1);
		assertThat(this.sessions.count()).isZero();
	}

	@Test
	void secondCloseIsIgnored() {
		this.sessions.open(new InMemoryWebSocketSession("one"));
		assertThat(this.sessions.close("one", CloseStatus.NORMAL)).isTrue();
		assertThat(this.sessions.close("one", CloseStatus.SERVER_ERROR)).isFalse();
		assertThat(this.closures).singleElement()
			.satisfies((closure) -> assertThat(closure.cause()).isEqualTo(CloseCause.NORMAL));
	}

	@Test
	void sweepRemovesASessionClosedWithoutACallbackOnceAndLateCallbackIsIgnored() {
		InMemoryWebSocketSession delegate = new InMemoryWebSocketSession("one");
		SessionHolder session = this.sessions.open(delegate);
		delegate.close(CloseStatus.GOING_AWAY);
		assertThat(this.sessions.sweeper().sweep()).isZero();
		assertThat(this.sessions.sweeper().sweep()).isOne();
		assertThat(this.sessions.sweeper().sweep()).isZero();
		this.sessions.finish(session, CloseStatus.GOING_AWAY);
		assertThat(this.closures).singleElement()
			.satisfies((closure) -> assertThat(closure.cause()).isEqualTo(CloseCause.ABNORMAL));
		assertThat(this.sessions.getStatistics().getOrphansRemoved()).isOne();
		assertThat(this.sessions.getStatistics().getClosedTotal()).isOne();
	}

	@Test
	void sendsOnlySweepLeavesOrphansToTheFullSweep() {
		InMemoryWebSocketSession delegate = new InMemoryWebSocketSession("one");
		this.sessions.open(delegate);
		delegate.close(CloseStatus.GOING_AWAY);
		this.sessions.sweeper().sweepSends();
		this.sessions.sweeper().sweepSends();
		assertThat(this.sessions.count()).isOne();
		assertThat(this.sessions.sweeper().sweep()).isZero();
		this.sessions.sweeper().sweepSends();
		assertThat(this.sessions.sweeper().sweep()).isOne();
		assertThat(this.sessions.count()).isZero();
	}

	@Test
	void concurrentFinishesCountOnce() throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(8);
		try {
			for (int i = 0; i < 200; i++) {
				SessionHolder session = this.sessions.open(new InMemoryWebSocketSession("s" + i));
				CountDownLatch start = new CountDownLatch(1);
				List<Future<?>> futures = new CopyOnWriteArrayList<>();
				for (int thread = 0; thread < 8; thread++) {
					CloseStatus status = (thread % 2 == 0) ? CloseStatus.NORMAL : CloseStatus.NO_CLOSE_FRAME;
					futures.add(executor.submit(() -> {
						start.await();
						this.sessions.finish(session, status);
						return null;
					}));
				}
				start.countDown();
				for (Future<?> future : futures) {
					future.get(10, TimeUnit.SECONDS);
				}
			}
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(this.closures).hasSize(200);
		assertThat(this.sessions.getStatistics().getClosedTotal()).isEqualTo(200);
		assertThat(this.closures.stream().map(SessionClosure::sessionId).distinct()).hasSize(200);
		assertThat(this.sessions.count()).isZero();
	}

}
