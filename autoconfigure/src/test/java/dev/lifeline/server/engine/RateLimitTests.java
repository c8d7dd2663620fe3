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

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RateLimit}.
 */
class RateLimitTests {

	private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

	@Test
	void allowsTheBurstThenTheSustainedRate() {
		long now = 1_000;
		RateLimit limit = new RateLimit(10, 5, now);
		for (int i = 0; i < 5; i++) {
			assertThat(limit.tryAcquire(now)).isTrue();
		}
		assertThat(limit.tryAcquire(now)).isFalse();
		assertThat(limit.tryAcquire(now + SECOND / 10)).isTrue();
		assertThat(limit.tryAcquire(now + SECOND / 10)).isFalse();
	}

	@Test
	void refillsNoFurtherThanTheBurst() {
		long now = 0;
		RateLimit limit = new RateLimit(100, 3, now);
		now += 60 * SECOND;
		for (int i = 0; i < 3; i++) {
			assertThat(limit.tryAcquire(now)).isTrue();
		}
		assertThat(limit.tryAcquire(now)).isFalse();
	}

	@Test
	void fractionalRates() {
		RateLimit limit = new RateLimit(0.5, 1, 0);
		assertThat(limit.tryAcquire(0)).isTrue();
		assertThat(limit.tryAcquire(SECOND)).isFalse();
		assertThat(limit.tryAcquire(2 * SECOND)).isTrue();
	}

}
