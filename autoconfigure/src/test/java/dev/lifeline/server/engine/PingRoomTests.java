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

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PingRoom}: a ping is written at once only when the peer answered the
 * previous one and no data was started since, and never on a fresh connection.
 */
class PingRoomTests {

	private final PingRoom room = new PingRoom();

	@Test
	void firstPingHasNoKnownRoom() {
		assertThat(this.room.pingStarted()).isFalse();
	}

	@Test
	void answeredPingWithNoDataSinceLeavesRoom() {
		this.room.pingStarted();
		this.room.pingAnswered();
		assertThat(this.room.pingStarted()).isTrue();
	}

	@Test
	void dataStartedAfterTheAnsweredPingTakesTheRoom() {
		this.room.pingStarted();
		this.room.pingAnswered();
		this.room.dataStarted();
		assertThat(this.room.pingStarted()).isFalse();
	}

	@Test
	void unansweredPingLeavesNoRoom() {
		this.room.pingStarted();
		this.room.pingAnswered();
		this.room.pingStarted();
		this.room.dataStarted();
		this.room.pingStarted();
		assertThat(this.room.pingStarted()).as("the previous ping is not answered").isFalse();
	}

	@Test
	void newConnectionForgetsTheRoom() {
		this.room.pingStarted();
		this.room.pingAnswered();
		this.room.connectionChanged();
		assertThat(this.room.pingStarted()).isFalse();
	}

}
