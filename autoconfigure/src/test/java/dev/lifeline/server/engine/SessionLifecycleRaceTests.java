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
import dev.lifeline.server.OverflowStrategy;
import dev.lifeline.server.SessionClosure;
import dev.lifeline.server.SessionLifecycleListener;
import dev.lifeline.server.SessionSettings;
import dev.lifeline.test.InMemoryWebSocketSession;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;
import org.springframework.web.socket.CloseStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The lifecycle races of a session, made deterministic with in-memory sessions whose
 * calls wait on latches: two closes racing each other, a session that opens while the
 * registry drains, and a blocking listener while the heartbeat times sessions out.
 */
class SessionLifecycleRaceTests {

	private static final CloseStatus HEARTBEAT = CloseStatus.SESSION_NOT_RELIABLE.withReason("heartbeat timeout");

	private final SessionRegistry sessions = new SessionRegistry(settings(Duration.ofSeconds(2)), List::of, null);

	@Test
	void applicationCloseThatStartsFirstWinsOverAHeartbeatTimeout() throws Exception {
		BlockingCloseSession delegate = new BlockingCloseSession("a");
		SessionHolder holder = this.sessions.open(delegate);
		CompletableFuture<Void> close = CompletableFuture.runAsync(() -> holder.session().close(CloseStatus.NORMAL));
		assertThat(delegate.closing.await(5, TimeUnit.SECONDS)).isTrue();
		this.sessions.closing().terminate(holder, HEARTBEAT, CloseCause.HEARTBEAT_TIMEOUT);
		delegate.proceed.countDown();
		close.get(5, TimeUnit.SECONDS);
		this.sessions.finish(holder, CloseStatus.NORMAL);
		assertThat(delegate.closedWith).containsExactly(CloseStatus.NORMAL);
		assertThat(this.sessions.getStatistics().getClosed(CloseCause.NORMAL)).isOne();
		assertThat(this.sessions.getStatistics().getClosedTotal()).isOne();
		assertThat(this.sessions.count()).isZero();
	}

	@Test
	void heartbeatTimeoutThatStartsFirstWinsOverAnApplicationClose() throws Exception {
		BlockingCloseSession delegate = new BlockingCloseSession("b");
		SessionHolder holder = this.sessions.open(delegate);
		CompletableFuture<Void> terminate = CompletableFuture
			.runAsync(() -> this.sessions.closing().terminate(holder, HEARTBEAT, CloseCause.HEARTBEAT_TIMEOUT));
		assertThat(delegate.closing.await(5, TimeUnit.SECONDS)).isTrue();
		holder.session().close(CloseStatus.NORMAL);
		delegate.proceed.countDown();
		terminate.get(5, TimeUnit.SECONDS);
		assertThat(delegate.closedWith).containsExactly(HEARTBEAT);
		assertThat(this.sessions.getStatistics().getClosed(CloseCause.HEARTBEAT_TIMEOUT)).isOne();
		assertThat(this.sessions.getStatistics().getClosedTotal()).isOne();
	}

	@Test
	void racingClosesAreCountedOnceUnderTheCauseOfTheCodeSent() throws Exception {
		for (int i = 0; i < 500; i++) {
			RecordingSession delegate = new RecordingSession("r" + i);
			SessionHolder holder = this.sessions.open(delegate);
			CountDownLatch start = new CountDownLatch(1);
			CompletableFuture<Void> close = CompletableFuture.runAsync(() -> {
				awaitLatch(start);
				holder.session().close(CloseStatus.NORMAL);
			});
			CompletableFuture<Void> terminate = CompletableFuture.runAsync(() -> {
				awaitLatch(start);
				this.sessions.closing().terminate(holder, HEARTBEAT, CloseCause.HEARTBEAT_TIMEOUT);
			});
			start.countDown();
			CompletableFuture.allOf(close, terminate).get(5, TimeUnit.SECONDS);
			this.sessions.finish(holder, delegate.closedWith.get(0));
			assertThat(delegate.closedWith).hasSize(1);
		}
		long normal = this.sessions.getStatistics().getClosed(CloseCause.NORMAL);
		long heartbeat = this.sessions.getStatistics().getClosed(CloseCause.HEARTBEAT_TIMEOUT);
		assertThat(normal + heartbeat).isEqualTo(500);
		assertThat(this.sessions.getStatistics().getClosedTotal()).isEqualTo(500);
	}

	@Test
	void sessionThatCompletesItsUpgradeWhileDrainingIsClosedWithGoingAway() throws Exception {
		SessionDrain drain = new SessionDrain(this.sessions);
		drain.start();
		UpgradingSession delegate = new UpgradingSession("late");
		// On a thread of its own: it blocks until the upgrade may proceed, and on Java 25
		// the default executor is the common pool even with a single worker (2 cores),
		// where the stop below would wait behind it.
		CompletableFuture<SessionHolder> open = CompletableFuture.supplyAsync(() -> this.sessions.open(delegate),
				(task) -> new Thread(task).start());
		assertThat(delegate.upgrading.await(5, TimeUnit.SECONDS)).isTrue();
		long start = System.nanoTime();
		CompletableFuture<Void> stop = CompletableFuture.runAsync(drain::stop);
		await().atMost(Duration.ofSeconds(5)).until(this.sessions::isDraining);
		delegate.proceed.countDown();
		assertThat(open.get(5, TimeUnit.SECONDS)).isNotNull();
		stop.get(5, TimeUnit.SECONDS);
		assertThat(delegate.closeStatus().getCode()).isEqualTo(CloseStatus.GOING_AWAY.getCode());
		assertThat(this.sessions.getStatistics().getClosed(CloseCause.SHUTDOWN)).isOne();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
	}

	/**
	 * The heartbeat's sweeps run by hand on a thread of their own, as the heartbeat's
	 * thread runs them, on a {@link ManualNanoClock}: a sweep that waited for the blocked
	 * listener would not finish, and the detection is measured on the heartbeat's own
	 * time, so a busy machine neither fails nor hides it.
	 */
	@Test
	void blockingListenerDoesNotDelayDeadPeerDetection() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch blocking = new CountDownLatch(1);
		SessionRegistry sessions = new SessionRegistry(settings(Duration.ofSeconds(1)),
				() -> List.of(new SessionLifecycleListener() {

					@Override
					public void sessionClosed(LifelineSession session, SessionClosure closed) {
						blocking.countDown();
						awaitLatch(release);
					}

				}), null);
		ManualNanoClock clock = ManualNanoClock.startingNow();
		Duration interval = Duration.ofMillis(200);
		Duration timeout = Duration.ofMillis(200);
		HeartbeatService heartbeat = new HeartbeatService(sessions, interval, timeout, clock);
		long tick = heartbeat.getTick().toNanos();
		long detection = interval.plus(timeout).toNanos() + 2 * tick;
		ExecutorService heartbeatThread = Executors.newSingleThreadExecutor();
		SessionDrain drain = new SessionDrain(sessions);
		drain.start();
		try {
			InMemoryWebSocketSession first = new InMemoryWebSocketSession("first");
			heartbeat.scheduleFirstPing(sessions.open(first));
			long firstOpened = sessions.get("first").session().getOpenedAtNanos();
			while (first.closeStatus() == null && clock.nanoTime() - firstOpened < detection) {
				clock.advance(tick);
				CompletableFuture.runAsync(heartbeat::sweep, heartbeatThread).get(5, TimeUnit.SECONDS);
			}
			assertThat(blocking.await(5, TimeUnit.SECONDS)).isTrue();
			// Sessions stamp their opening with the system's clock: the heartbeat's clock
			// must not be behind it, or the opening would look like an answer to a ping.
			clock.set(Math.max(clock.nanoTime(), System.nanoTime()));
			InMemoryWebSocketSession second = new InMemoryWebSocketSession("second");
			heartbeat.scheduleFirstPing(sessions.open(second));
			long opened = clock.nanoTime();
			while (second.closeStatus() == null && clock.nanoTime() - opened < detection) {
				clock.advance(tick);
				CompletableFuture.runAsync(heartbeat::sweep, heartbeatThread).get(5, TimeUnit.SECONDS);
			}
			assertThat(second.closeStatus()).isNotNull();
			assertThat(Duration.ofNanos(clock.nanoTime() - opened)).isLessThanOrEqualTo(Duration.ofNanos(detection));
			assertThat(second.closeStatus().getCode()).isEqualTo(4500);
			await().atMost(Duration.ofSeconds(5)).until(() -> sessions.count() == 0);
			assertThat(release.getCount()).isOne();
		}
		finally {
			release.countDown();
			heartbeatThread.shutdownNow();
			drain.stop();
		}
	}

	private static SessionSettings settings(Duration shutdownTimeout) {
		return new SessionSettings(100, DataSize.ofKilobytes(64), DataSize.ofKilobytes(64), Duration.ofSeconds(10),
				DataSize.ofKilobytes(512), OverflowStrategy.TERMINATE, Duration.ofSeconds(1), shutdownTimeout,
				Duration.ofSeconds(1));
	}

	private static void awaitLatch(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Records every close it is asked for, and counts as closed after the first.
	 */
	private static class RecordingSession extends InMemoryWebSocketSession {

		final List<CloseStatus> closedWith = new CopyOnWriteArrayList<>();

		RecordingSession(String id) {
			super(id);
		}

		@Override
		public void close(CloseStatus status) {
			this.closedWith.add(status);
			super.close(status);
		}

	}

	/**
	 * Waits in its close until the test lets it go on.
	 */
	private static final class BlockingCloseSession extends RecordingSession {

		final CountDownLatch closing = new CountDownLatch(1);

		final CountDownLatch proceed = new CountDownLatch(1);

		BlockingCloseSession(String id) {
			super(id);
		}

		@Override
		public void close(CloseStatus status) {
			this.closing.countDown();
			awaitLatch(this.proceed);
			super.close(status);
		}

	}

	/**
	 * Waits while the registry reads it to open it, as an upgrade in progress does.
	 */
	private static final class UpgradingSession extends InMemoryWebSocketSession {

		final CountDownLatch upgrading = new CountDownLatch(1);

		final CountDownLatch proceed = new CountDownLatch(1);

		UpgradingSession(String id) {
			super(id);
		}

		@Override
		public URI getUri() {
			this.upgrading.countDown();
			awaitLatch(this.proceed);
			return super.getUri();
		}

	}

}
