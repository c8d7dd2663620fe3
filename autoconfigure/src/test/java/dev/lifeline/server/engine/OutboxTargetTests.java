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

import dev.lifeline.server.adapter.Connection;
import dev.lifeline.server.adapter.Connections;
import dev.lifeline.test.InMemoryWebSocketSession;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link OutboxTarget}: one pump at a time, none without a connection, and a
 * pump that started on a replaced connection learns that it must stop.
 */
class OutboxTargetTests {

	private final Connection connection = Connections.of(new InMemoryWebSocketSession("s"));

	private final OutboxTarget target = new OutboxTarget(this.connection);

	@Test
	void turnIsClaimedOnceUntilReleased() {
		assertThat(this.target.claim()).isTrue();
		assertThat(this.target.isPumping()).isTrue();
		assertThat(this.target.claim()).isFalse();
		this.target.release();
		assertThat(this.target.claim()).isTrue();
	}

	@Test
	void detachedTargetCannotBeClaimed() {
		this.target.replace(null);
		assertThat(this.target.connection()).isNull();
		assertThat(this.target.claim()).isFalse();
	}

	@Test
	void replacementEndsTheTurnAndTellsThePumpOfTheEarlierConnection() {
		long generation = this.target.generation();
		assertThat(this.target.claim()).isTrue();
		assertThat(this.target.isReplacedSince(generation)).isFalse();
		Connection next = Connections.of(new InMemoryWebSocketSession("s2"));
		this.target.replace(next);
		assertThat(this.target.isReplacedSince(generation)).isTrue();
		assertThat(this.target.isPumping()).isFalse();
		assertThat(this.target.connection()).isSameAs(next);
		assertThat(this.target.claim()).isTrue();
	}

}
