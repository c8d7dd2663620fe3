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

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.WebSocketMessage;

/**
 * One message in a {@link SessionOutbox}: what to write, its size, when it was queued,
 * who waits for it, and whether its outcome is settled (written, failed, dropped or let
 * go with a replaced connection), so that a late completion changes nothing.
 *
 * @author Lifeline contributors
 */
final class OutboxEntry {

	final WebSocketMessage<?> message;

	final long size;

	final long enqueuedAt;

	final @Nullable CompletableFuture<Void> future;

	/**
	 * Guarded by the outbox's monitor.
	 */
	boolean settled;

	OutboxEntry(WebSocketMessage<?> message, long size, long enqueuedAt, @Nullable CompletableFuture<Void> future) {
		this.message = message;
		this.size = size;
		this.enqueuedAt = enqueuedAt;
		this.future = future;
	}

	/**
	 * Fail the futures of entries, creating the exception only if one is waited for.
	 */
	static void failAll(List<OutboxEntry> entries, Supplier<? extends Throwable> failure) {
		Throwable exception = null;
		for (OutboxEntry entry : entries) {
			if (entry.future != null) {
				exception = (exception != null) ? exception : failure.get();
				entry.future.completeExceptionally(exception);
			}
		}
	}

	static void fail(OutboxEntry entry, Throwable failure) {
		if (entry.future != null) {
			entry.future.completeExceptionally(failure);
		}
	}

}
