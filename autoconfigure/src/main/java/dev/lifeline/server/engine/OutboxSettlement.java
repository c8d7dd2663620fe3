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

import dev.lifeline.server.SessionClosedException;
import java.util.List;
import java.util.function.Supplier;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.handler.SessionLimitExceededException;

/**
 * Settles the messages that leave a {@link SessionOutbox} with an outcome: completes or
 * fails the futures that wait for them, and tells the {@link OutboxOwner} the bytes that
 * left the queue and what became of the messages. Called outside the outbox's monitor,
 * once the outbox decided, under it, which messages leave and how.
 *
 * @author Lifeline contributors
 */
final class OutboxSettlement {

	private final String sessionId;

	private final long bufferSizeLimit;

	private final OutboxOwner owner;

	OutboxSettlement(String sessionId, long bufferSizeLimit, OutboxOwner owner) {
		this.sessionId = sessionId;
		this.bufferSizeLimit = bufferSizeLimit;
		this.owner = owner;
	}

	/**
	 * A message was offered after the close: it was never queued.
	 * @param entry the message
	 */
	void refused(OutboxEntry entry) {
		if (entry.future != null) {
			entry.future.completeExceptionally(new SessionClosedException(this.sessionId));
		}
	}

	/**
	 * Messages were dropped, the oldest first, to keep the queue within its bound.
	 * @param dropped the messages, settled
	 */
	void dropped(List<OutboxEntry> dropped) {
		long bytes = 0;
		for (OutboxEntry entry : dropped) {
			bytes += entry.size;
			OutboxEntry.fail(entry,
					new SessionLimitExceededException("Message dropped: more than " + this.bufferSizeLimit
							+ " bytes queued for session " + this.sessionId, CloseStatus.SESSION_NOT_RELIABLE));
		}
		this.owner.queued(-bytes);
		this.owner.dropped(dropped.size());
	}

	/**
	 * Messages were discarded by a close that does not wait for them.
	 * @param discarded the messages, settled
	 */
	void discarded(List<OutboxEntry> discarded) {
		long bytes = sizeOf(discarded);
		if (bytes != 0) {
			this.owner.queued(-bytes);
		}
		OutboxEntry.failAll(discarded, () -> new SessionClosedException(this.sessionId));
	}

	/**
	 * Every message was released by an abort.
	 * @param released the messages, settled
	 * @param bytes the bytes they counted in the queue
	 * @param cause supplies the exception to fail waiting futures with
	 */
	void aborted(List<OutboxEntry> released, long bytes, Supplier<? extends Exception> cause) {
		if (bytes != 0) {
			this.owner.queued(-bytes);
		}
		OutboxEntry.failAll(released, cause);
	}

	/**
	 * A message's write completed: it is on the wire.
	 * @param entry the message
	 */
	void written(OutboxEntry entry) {
		this.owner.queued(-entry.size);
		this.owner.written(entry.message, entry.size);
		if (entry.future != null) {
			entry.future.complete(null);
		}
	}

	/**
	 * A message's write failed: it fails, the messages that waited behind it fail with
	 * it, and the connection is unusable.
	 * @param entry the message
	 * @param released the messages that waited behind it, settled
	 * @param failure why the write failed
	 */
	void failed(OutboxEntry entry, List<OutboxEntry> released, Throwable failure) {
		long bytes = entry.size + sizeOf(released);
		OutboxEntry.fail(entry, failure);
		OutboxEntry.failAll(released, () -> failure);
		this.owner.queued(-bytes);
		this.owner.failed(failure);
	}

	private static long sizeOf(List<OutboxEntry> entries) {
		long bytes = 0;
		for (OutboxEntry entry : entries) {
			bytes += entry.size;
		}
		return bytes;
	}

}
