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

import dev.lifeline.server.OverflowStrategy;
import dev.lifeline.server.SessionClosedException;
import dev.lifeline.server.adapter.Connection;
import dev.lifeline.test.InMemoryWebSocketSession;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

import org.junit.jupiter.api.Test;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Unit tests for {@link SessionOutbox} with a writer whose writes complete when the test
 * says so.
 */
class SessionOutboxTests {

	private static final long LIMIT = 100;

	private final InMemoryWebSocketSession session = new InMemoryWebSocketSession("s");

	private final List<Pending> pending = Collections.synchronizedList(new ArrayList<>());

	private final RecordingOwner owner = new RecordingOwner();

	private final Writer manualWriter = (message, completion) -> this.pending.add(new Pending(message, completion));

	@Test
	void writesOneMessageAtATimeInOrder() {
		SessionOutbox outbox = outbox(OverflowStrategy.TERMINATE, connection(this.manualWriter, this.manualWriter));
		assertThat(outbox.offer(text("a"), 1, null)).isEqualTo(OutboxOffer.QUEUED);
		assertThat(outbox.offer(text("b"), 1, null)).isEqualTo(OutboxOffer.QUEUED);
		assertThat(outbox.offer(text("c"), 1, null)).isEqualTo(OutboxOffer.QUEUED);
		assertThat(this.pending).hasSize(1);
		assertThat(outbox.queuedBytes()).isEqualTo(3);
		completeNext();
		completeNext();
		assertThat(this.pending).hasSize(1);
		completeNext();
		assertThat(this.owner.written).containsExactly("a", "b", "c");
		assertThat(this.owner.writing.get()).isZero();
		assertThat(outbox.queuedBytes()).isZero();
		assertThat(outbox.oldestUnwrittenNanos()).isZero();
		assertThat(this.owner.queued.get()).isZero();
	}

	/**
	 * A resumable session's connection is replaced: what was in flight or queued on the
	 * old one is let go (the session retains it elsewhere), a late completion or failure
	 * from the old connection changes nothing, and what is offered meanwhile goes to the
	 * new connection once attached.
	 */
	@Test
	void detachedOutboxIgnoresTheOldConnectionAndWritesToTheNewOne() {
		SessionOutbox outbox = outbox(OverflowStrategy.TERMINATE, connection(this.manualWriter, this.manualWriter));
		outbox.offer(text("a"), 1, null);
		outbox.offer(text("b"), 1, null);
		assertThat(this.pending).hasSize(1);
		Pending late = this.pending.remove(0);
		assertThat(outbox.detach()).isEqualTo(2);
		assertThat(outbox.queuedBytes()).isZero();
		assertThat(outbox.isAttached()).isFalse();
		late.completion().written(new IOException("reset"));
		assertThat(this.owner.failures).hasValue(0);
		assertThat(outbox.offer(text("c"), 1, null)).isEqualTo(OutboxOffer.QUEUED);
		List<Pending> second = Collections.synchronizedList(new ArrayList<>());
		Writer secondWriter = (message, completion) -> second.add(new Pending(message, completion));
		outbox.attach(connection(secondWriter, secondWriter));
		assertThat(this.pending).isEmpty();
		assertThat(second).hasSize(1);
		assertThat(second.get(0).message().getPayload()).isEqualTo("c");
		second.remove(0).completion().written(null);
		assertThat(this.owner.written).containsExactly("c");
		assertThat(outbox.queuedBytes()).isZero();
	}

	/**
	 * A write that fails on a resumable session's connection closes the outbox for that
	 * connection only: once detached and attached again, it writes.
	 */
	@Test
	void failedWriteDoesNotCloseTheOutboxForTheNextConnection() {
		SessionOutbox outbox = outbox(OverflowStrategy.TERMINATE, connection(this.manualWriter, this.manualWriter));
		outbox.offer(text("a"), 1, null);
		this.pending.remove(0).completion().written(new IOException("reset"));
		outbox.detach();
		List<Pending> second = Collections.synchronizedList(new ArrayList<>());
		Writer secondWriter = (message, completion) -> second.add(new Pending(message, completion));
		outbox.attach(connection(secondWriter, secondWriter));
		assertThat(outbox.offer(text("b"), 1, null)).isEqualTo(OutboxOffer.QUEUED);
		assertThat(second).hasSize(1);
	}

	@Test
	void oldestUnwrittenIsTheMessageInFlightOrQueuedAndZeroOnceNothingWaits() {
		SessionOutbox outbox = outbox(OverflowStrategy.TERMINATE, connection(this.manualWriter, this.manualWriter));
		assertThat(outbox.oldestUnwrittenNanos()).isZero();
		long before = System.nanoTime();
		outbox.offer(text(""), 0, null);
		outbox.offer(text("b"), 1, null);
		long first = outbox.oldestUnwrittenNanos();
		assertThat(first - before).isNotNegative();
		completeNext();
		assertThat(outbox.oldestUnwrittenNanos() - first).isNotNegative();
		completeNext();
		assertThat(outbox.oldestUnwrittenNanos()).isZero();
		outbox.offer(text("c"), 1, null);
		assertThat(outbox.oldestUnwrittenNanos()).isNotZero();
		outbox.abort(() -> new SessionClosedException("s"));
		assertThat(outbox.oldestUnwrittenNanos()).isZero();
	}

	@Test
	void futureCompletesWhenTheMessageIsWritten() {
		SessionOutbox outbox = outbox(OverflowStrategy.TERMINATE, connection(this.manualWriter, this.manualWriter));
		CompletableFuture<Void> future = new CompletableFuture<>();
		outbox.offer(text("a"), 1, future);
		assertThat(future).isNotDone();
		completeNext();
		assertThat(future).isCompleted();
	}

	@Test
	void overTheByteLimitWithTerminateReportsTheOverflow() {
		SessionOutbox outbox = outbox(OverflowStrategy.TERMINATE, connection(this.manualWriter, this.manualWriter));
		assertThat(outbox.offer(text("a"), 10, null)).isEqualTo(OutboxOffer.QUEUED);
		assertThat(outbox.offer(text("b"), 60, null)).isEqualTo(OutboxOffer.QUEUED);
		assertThat(outbox.offer(text("c"), 40, null)).isEqualTo(OutboxOffer.QUEUED);
		assertThat(outbox.offer(text("d"), 1, null)).isEqualTo(OutboxOffer.OVER_LIMIT);
	}

	@Test
	void messageLargerThanTheLimitIsWrittenButNothingPilesUpBehindIt() {
		SessionOutbox outbox = outbox(OverflowStrategy.TERMINATE, connection(this.manualWriter, this.manualWriter));
		assertThat(outbox.offer(text("huge"), 500, null)).isEqualTo(OutboxOffer.QUEUED);
		assertThat(outbox.offer(text("small"), 100, null)).isEqualTo(OutboxOffer.QUEUED);
		assertThat(outbox.offer(text("more"), 1, null)).isEqualTo(OutboxOffer.OVER_LIMIT);
	}

	@Test
	void overTheByteLimitWithDropDropsTheOldestWaitingAndCountsThem() {
		SessionOutbox outbox = outbox(OverflowStrategy.DROP, connection(this.manualWriter, this.manualWriter));
		CompletableFuture<Void> second = new CompletableFuture<>();
		outbox.offer(text("a"), 50, null);
		outbox.offer(text("b"), 40, second);
		outbox.offer(text("c"), 40, null);
		outbox.offer(text("d"), 40, null);
		assertThat(second).isCompletedExceptionally();
		assertThat(this.owner.dropped.get()).isEqualTo(1);
		assertThat(outbox.queuedBytes()).isEqualTo(130);
		completeNext();
		completeNext();
		completeNext();
		assertThat(this.owner.written).containsExactly("a", "c", "d");
		outbox.offer(text("e"), 1, null);
		assertThat(outbox.offer(text("huge"), 500, null)).isEqualTo(OutboxOffer.DROPPED);
		assertThat(this.owner.dropped.get()).isEqualTo(2);
	}

	@Test
	void oldestUnwrittenPastTheSendTimeLimitIsReportedOnTheNextOffer() throws Exception {
		SessionOutbox outbox = new SessionOutbox(connection(this.manualWriter, this.manualWriter), "s", LIMIT,
				TimeUnit.MILLISECONDS.toNanos(20), OverflowStrategy.DROP, this.owner);
		outbox.offer(text("a"), 1, null);
		long oldest = outbox.oldestUnwrittenNanos();
		while (System.nanoTime() - oldest <= TimeUnit.MILLISECONDS.toNanos(20)) {
			Thread.onSpinWait();
		}
		assertThat(outbox.offer(text("b"), 1, null)).isEqualTo(OutboxOffer.TOO_OLD);
	}

	@Test
	void pingIsWrittenOnlyWhenNothingElseIs() {
		SessionOutbox outbox = outbox(OverflowStrategy.TERMINATE, connection(this.manualWriter, this.manualWriter));
		outbox.offer(text("a"), 1, null);
		assertThat(outbox.pingIfIdle(new PingMessage())).isFalse();
		completeNext();
		assertThat(outbox.pingIfIdle(new PingMessage())).isTrue();
		assertThat(this.pending.get(0).message()).isInstanceOf(PingMessage.class);
		assertThat(outbox.pingIfIdle(new PingMessage())).isFalse();
	}

	@Test
	void pingIsWrittenAtOnceOnlyWhenThePeerAnsweredThePreviousOneAndNoDataFollowed() {
		List<WebSocketMessage<?>> direct = new ArrayList<>();
		SessionOutbox outbox = outbox(OverflowStrategy.TERMINATE,
				manualWriterWritingControlFramesWith((message, completion) -> {
					direct.add(message);
					completion.written(null);
				}));
		// The first ping: nothing is known about the socket yet.
		assertThat(outbox.pingIfIdle(new PingMessage())).isTrue();
		completeNext();
		outbox.pingAnswered();
		assertThat(outbox.pingIfIdle(new PingMessage())).isTrue();
		assertThat(direct).hasSize(1);
		assertThat(this.pending).isEmpty();
		// Answered, but data followed: the socket may hold it still.
		outbox.pingAnswered();
		outbox.offer(text("a"), 1, null);
		completeNext();
		assertThat(outbox.pingIfIdle(new PingMessage())).isTrue();
		assertThat(direct).hasSize(1);
		assertThat(this.pending).hasSize(1);
		completeNext();
		// Not answered yet: asynchronous again.
		assertThat(outbox.pingIfIdle(new PingMessage())).isTrue();
		assertThat(this.pending).hasSize(1);
		completeNext();
		outbox.pingAnswered();
		assertThat(outbox.pingIfIdle(new PingMessage())).isTrue();
		assertThat(direct).hasSize(2);
		assertThat(outbox.queuedBytes()).isZero();
		assertThat(this.owner.queued.get()).isZero();
	}

	@Test
	void messageOfferedWhileAPingIsWrittenAtOnceFollowsIt() {
		List<Connection.Completion> direct = new ArrayList<>();
		SessionOutbox outbox = outbox(OverflowStrategy.TERMINATE,
				manualWriterWritingControlFramesWith((message, completion) -> direct.add(completion)));
		outbox.pingIfIdle(new PingMessage());
		completeNext();
		outbox.pingAnswered();
		outbox.pingIfIdle(new PingMessage());
		assertThat(direct).hasSize(1);
		outbox.offer(text("a"), 1, null);
		assertThat(this.pending).isEmpty();
		assertThat(outbox.oldestUnwrittenNanos()).isNotZero();
		direct.get(0).written(null);
		assertThat(this.pending).hasSize(1);
		completeNext();
		assertThat(this.owner.written).contains("a");
		assertThat(outbox.oldestUnwrittenNanos()).isZero();
		assertThat(this.owner.writing.get()).isZero();
	}

	@Test
	void closeFollowsTheMessagesQueuedBeforeItAndRefusesLaterOnes() throws Exception {
		SessionOutbox outbox = outbox(OverflowStrategy.TERMINATE, connection(this.manualWriter, this.manualWriter));
		outbox.offer(text("a"), 1, null);
		outbox.offer(text("b"), 1, null);
		outbox.close(CloseStatus.GOING_AWAY);
		CompletableFuture<Void> late = new CompletableFuture<>();
		assertThat(outbox.offer(text("late"), 1, late)).isEqualTo(OutboxOffer.CLOSED);
		assertThat(late).isCompletedExceptionally();
		assertThat(this.session.isOpen()).isTrue();
		completeNext();
		assertThat(this.session.isOpen()).isTrue();
		completeNext();
		assertThat(this.session.closeStatus()).isEqualTo(CloseStatus.GOING_AWAY);
		assertThat(this.owner.written).containsExactly("a", "b");
	}

	@Test
	void closeNowReleasesWhatIsQueuedAndClosesAfterTheWriteInProgress() {
		SessionOutbox outbox = outbox(OverflowStrategy.TERMINATE, connection(this.manualWriter, this.manualWriter));
		CompletableFuture<Void> queued = new CompletableFuture<>();
		outbox.offer(text("a"), 1, null);
		outbox.offer(text("b"), 1, queued);
		outbox.closeNow(CloseStatus.GOING_AWAY);
		assertThat(queued).isCompletedExceptionally();
		assertThat(this.session.isOpen()).isTrue();
		completeNext();
		assertThat(this.session.closeStatus()).isEqualTo(CloseStatus.GOING_AWAY);
		assertThat(this.owner.queued.get()).isZero();
	}

	@Test
	void abortFailsEveryWaitingFutureAndFreesTheQueue() {
		SessionOutbox outbox = outbox(OverflowStrategy.TERMINATE, connection(this.manualWriter, this.manualWriter));
		CompletableFuture<Void> inFlight = new CompletableFuture<>();
		CompletableFuture<Void> queued = new CompletableFuture<>();
		outbox.offer(text("a"), 10, inFlight);
		outbox.offer(text("b"), 10, queued);
		outbox.abort(() -> new SessionClosedException("s"));
		assertThat(inFlight).isCompletedExceptionally();
		assertThat(queued).isCompletedExceptionally();
		assertThat(outbox.queuedBytes()).isZero();
		assertThat(this.owner.queued.get()).isZero();
		completeNext();
		assertThat(this.owner.written).isEmpty();
		assertThat(this.owner.writing.get()).isZero();
	}

	@Test
	void failedWriteReleasesTheQueueAndTellsTheOwner() {
		SessionOutbox outbox = outbox(OverflowStrategy.TERMINATE, connection(this.manualWriter, this.manualWriter));
		CompletableFuture<Void> queued = new CompletableFuture<>();
		outbox.offer(text("a"), 10, null);
		outbox.offer(text("b"), 10, queued);
		this.pending.remove(0).completion().written(new IllegalStateException("broken"));
		assertThat(queued).isCompletedExceptionally();
		assertThat(this.owner.failures.get()).isOne();
		assertThat(this.owner.queued.get()).isZero();
		assertThat(this.owner.writing.get()).isZero();
		assertThat(outbox.offer(text("c"), 1, null)).isEqualTo(OutboxOffer.CLOSED);
	}

	@Test
	void writesThatCompleteAtOnceDoNotRecurse() {
		Writer inline = (message, completion) -> completion.written(null);
		SessionOutbox outbox = new SessionOutbox(connection(inline, inline), "s", Long.MAX_VALUE, Long.MAX_VALUE,
				OverflowStrategy.TERMINATE, this.owner);
		for (int i = 0; i < 100_000; i++) {
			outbox.offer(text("m"), 1, null);
		}
		assertThat(this.owner.written).hasSize(100_000);
	}

	@Test
	void concurrentSendersKeepTheirOwnOrder() throws Exception {
		ExecutorService completer = Executors.newSingleThreadExecutor();
		Writer async = (message, completion) -> completer.execute(() -> completion.written(null));
		SessionOutbox outbox = new SessionOutbox(connection(async, async), "s", Long.MAX_VALUE, Long.MAX_VALUE,
				OverflowStrategy.TERMINATE, this.owner);
		int threads = 8;
		int messages = 2_000;
		ExecutorService senders = Executors.newFixedThreadPool(threads);
		CountDownLatch start = new CountDownLatch(1);
		for (int t = 0; t < threads; t++) {
			int thread = t;
			senders.execute(() -> {
				try {
					start.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				for (int i = 0; i < messages; i++) {
					outbox.offer(text(thread + ":" + i), 1, null);
				}
			});
		}
		start.countDown();
		senders.shutdown();
		assertThat(senders.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
		while (this.owner.written.size() < threads * messages && System.nanoTime() - deadline < 0) {
			Thread.onSpinWait();
		}
		completer.shutdown();
		int[] next = new int[threads];
		for (String written : this.owner.written) {
			String[] parts = written.split(":");
			assertThat(Integer.parseInt(parts[1])).isEqualTo(next[Integer.parseInt(parts[0])]++);
		}
		assertThat(next).containsOnly(messages);
	}

	private SessionOutbox outbox(OverflowStrategy strategy, Connection connection) {
		return new SessionOutbox(connection, "s", LIMIT, Long.MAX_VALUE, strategy, this.owner);
	}

	/**
	 * The manual writer, with control frames written at once handed to {@code direct}.
	 */
	private Connection manualWriterWritingControlFramesWith(
			BiConsumer<WebSocketMessage<?>, Connection.Completion> direct) {
		return connection(this.manualWriter, direct::accept);
	}

	/**
	 * A connection over the in-memory session that writes with the given writers.
	 */
	private Connection connection(Writer writer, Writer controlFrameNow) {
		InMemoryWebSocketSession session = this.session;
		return new Connection() {

			@Override
			public WebSocketSession containerSession() {
				return session;
			}

			@Override
			public void write(WebSocketMessage<?> message, Completion completion) {
				writer.write(message, completion);
			}

			@Override
			public void writeControlFrameNow(WebSocketMessage<?> message, Completion completion) {
				controlFrameNow.write(message, completion);
			}

			@Override
			public void close(CloseStatus status) {
				session.close(status);
			}

			@Override
			public void abort(CloseStatus status) {
				session.close(status);
			}

		};
	}

	private void completeNext() {
		this.pending.remove(0).completion().written(null);
	}

	private static TextMessage text(String text) {
		return new TextMessage(text);
	}

	private record Pending(WebSocketMessage<?> message, Connection.Completion completion) {
	}

	@FunctionalInterface
	private interface Writer {

		void write(WebSocketMessage<?> message, Connection.Completion completion);

	}

	private static final class RecordingOwner implements OutboxOwner {

		final List<String> written = Collections.synchronizedList(new ArrayList<>());

		final AtomicLong queued = new AtomicLong();

		final AtomicInteger dropped = new AtomicInteger();

		final AtomicInteger failures = new AtomicInteger();

		final AtomicInteger writing = new AtomicInteger();

		@Override
		public void queued(long bytes) {
			this.queued.addAndGet(bytes);
		}

		@Override
		public void writing(boolean writing) {
			int now = this.writing.addAndGet(writing ? 1 : -1);
			assertThat(now).isBetween(0, 1);
		}

		@Override
		public void written(WebSocketMessage<?> message, long size) {
			if (message instanceof TextMessage text) {
				this.written.add(text.getPayload());
			}
		}

		@Override
		public void dropped(int messages) {
			this.dropped.addAndGet(messages);
		}

		@Override
		public void failed(Throwable failure) {
			this.failures.incrementAndGet();
		}

	}

}
