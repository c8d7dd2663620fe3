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

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.WebSocketMessage;

/**
 * The application messages a resumable session sent or queued and its peer has not yet
 * acknowledged, numbered 1, 2, 3, … in the order they were offered, so that a resume
 * replays them. A message leaves when the peer acknowledges its number; its future then
 * completes. Not thread-safe: its session's resume state guards it.
 *
 * @author Lifeline contributors
 */
final class RetainedMessages {

	private final ArrayDeque<Retained> messages = new ArrayDeque<>();

	private long lastNumber;

	private long acknowledged;

	private long bytes;

	/**
	 * Retain a message under the next number.
	 * @param message the message
	 * @param size its payload size in bytes
	 * @param future completed once the peer acknowledged it, or {@code null}
	 * @return its number
	 */
	long add(WebSocketMessage<?> message, long size, @Nullable CompletableFuture<Void> future) {
		long number = ++this.lastNumber;
		this.messages.add(new Retained(number, message, size, future));
		this.bytes += size;
		return number;
	}

	/**
	 * Forget every message numbered {@code n} or below, completing their futures; an
	 * acknowledgement below an earlier one is ignored.
	 * @param n the cumulative acknowledgement
	 * @return the bytes released
	 * @throws IllegalArgumentException if {@code n} was never sent
	 */
	long acknowledge(long n) {
		if (n > this.lastNumber || n < 0) {
			throw new IllegalArgumentException("Acknowledged " + n + " but only " + this.lastNumber + " were sent");
		}
		if (n <= this.acknowledged) {
			return 0;
		}
		this.acknowledged = n;
		long released = 0;
		List<CompletableFuture<Void>> done = null;
		while (!this.messages.isEmpty() && this.messages.peek().number() <= n) {
			Retained retained = this.messages.poll();
			released += retained.size();
			if (retained.future() != null) {
				done = (done != null) ? done : new ArrayList<>();
				done.add(retained.future());
			}
		}
		this.bytes -= released;
		if (done != null) {
			done.forEach((future) -> future.complete(null));
		}
		return released;
	}

	/**
	 * Return the messages numbered above {@code n}, in order.
	 * @param n the last number the peer processed
	 * @return the messages to send again
	 */
	List<Retained> after(long n) {
		List<Retained> after = new ArrayList<>();
		for (Retained retained : this.messages) {
			if (retained.number() > n) {
				after.add(retained);
			}
		}
		return after;
	}

	/**
	 * Drop every message, failing their futures.
	 * @param failure supplies the exception to fail them with
	 * @return the bytes released
	 */
	long release(Supplier<? extends Throwable> failure) {
		Throwable exception = null;
		for (Retained retained : this.messages) {
			if (retained.future() != null) {
				exception = (exception != null) ? exception : failure.get();
				retained.future().completeExceptionally(exception);
			}
		}
		this.messages.clear();
		long released = this.bytes;
		this.bytes = 0;
		return released;
	}

	long bytes() {
		return this.bytes;
	}

	int size() {
		return this.messages.size();
	}

	long lastNumber() {
		return this.lastNumber;
	}

	long acknowledged() {
		return this.acknowledged;
	}

	/**
	 * One retained message.
	 *
	 * @param number its number
	 * @param message the application's message
	 * @param size its payload size
	 * @param future completed when acknowledged, or {@code null}
	 */
	record Retained(long number, WebSocketMessage<?> message, long size, @Nullable CompletableFuture<Void> future) {
	}

}
