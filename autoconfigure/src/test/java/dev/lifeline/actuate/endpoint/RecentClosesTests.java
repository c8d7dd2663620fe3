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

package dev.lifeline.actuate.endpoint;

import java.time.Duration;
import java.time.Instant;

import dev.lifeline.server.CloseCause;
import dev.lifeline.server.SessionClosure;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link RecentCloses}.
 */
class RecentClosesTests {

	@Test
	void keepsAbnormalClosesNewestFirstUpToCapacity() {
		RecentCloses recentCloses = new RecentCloses(2);
		recentCloses.sessionClosed(null, closure("1", CloseCause.PROTOCOL_ERROR));
		recentCloses.sessionClosed(null, closure("2", CloseCause.HEARTBEAT_TIMEOUT));
		recentCloses.sessionClosed(null, closure("3", CloseCause.ABNORMAL));
		assertThat(recentCloses.get()).extracting(SessionClosure::sessionId).containsExactly("3", "2");
	}

	@Test
	void ignoresNormalCloses() {
		RecentCloses recentCloses = new RecentCloses(5);
		recentCloses.sessionClosed(null, closure("1", CloseCause.NORMAL));
		recentCloses.sessionClosed(null, closure("2", CloseCause.GOING_AWAY));
		recentCloses.sessionClosed(null, closure("3", CloseCause.SHUTDOWN));
		recentCloses.sessionClosed(null, closure("4", CloseCause.OPERATOR));
		assertThat(recentCloses.get()).extracting(SessionClosure::sessionId).containsExactly("4");
	}

	@Test
	void zeroCapacityKeepsNothing() {
		RecentCloses recentCloses = new RecentCloses(0);
		recentCloses.sessionClosed(null, closure("1", CloseCause.TOO_BIG));
		assertThat(recentCloses.get()).isEmpty();
	}

	@Test
	void rejectsNegativeCapacity() {
		assertThatIllegalArgumentException().isThrownBy(() -> new RecentCloses(-1));
	}

	private static SessionClosure closure(String id, CloseCause cause) {
		return new SessionClosure(id, Instant.now(), 1000, "", cause, "127.0.0.1", null, Duration.ofSeconds(1));
	}

}
