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
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import org.springframework.web.socket.TextMessage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Unit tests for {@link RetainedMessages}, the buffer a resume replays from.
 */
class RetainedMessagesTests {

	private final RetainedMessages retained = new RetainedMessages();

	@Test
	void numbersInOrderAndForgetsWhatIsAcknowledged() {
		CompletableFuture<Void> first = new CompletableFuture<>();
		assertThat(this.retained.add(new TextMessage("a"), 1, first)).isEqualTo(1);
		assertThat(this.retained.add(new TextMessage("bb"), 2, null)).isEqualTo(2);
		assertThat(this.retained.add(new TextMessage("ccc"), 3, null)).isEqualTo(3);
		assertThat(this.retained.bytes()).isEqualTo(6);
		assertThat(this.retained.acknowledge(2)).isEqualTo(3);
		assertThat(first).isCompleted();
		assertThat(this.retained.bytes()).isEqualTo(3);
		assertThat(this.retained.after(0)).extracting(RetainedMessages.Retained::number).containsExactly(3L);
	}

	@Test
	void anOlderAcknowledgementIsIgnoredAndOneNeverSentRejected() {
		this.retained.add(new TextMessage("a"), 1, null);
		this.retained.add(new TextMessage("b"), 1, null);
		this.retained.acknowledge(2);
		assertThat(this.retained.acknowledge(1)).isZero();
		assertThat(this.retained.acknowledged()).isEqualTo(2);
		assertThatIllegalArgumentException().isThrownBy(() -> this.retained.acknowledge(3));
	}

	@Test
	void replaysWhatThePeerHasNotProcessed() {
		for (int i = 1; i <= 5; i++) {
			this.retained.add(new TextMessage(Integer.toString(i)), 1, null);
		}
		this.retained.acknowledge(1);
		assertThat(this.retained.after(3)).extracting((retained) -> (Object) retained.message().getPayload())
			.containsExactly("4", "5");
		assertThat(this.retained.size()).isEqualTo(4);
	}

	@Test
	void releaseFailsWhatIsStillRetained() {
		CompletableFuture<Void> future = new CompletableFuture<>();
		this.retained.add(new TextMessage("a"), 4, future);
		assertThat(this.retained.release(() -> new SessionClosedException("s"))).isEqualTo(4);
		assertThat(future).isCompletedExceptionally();
		assertThat(this.retained.bytes()).isZero();
	}

}
