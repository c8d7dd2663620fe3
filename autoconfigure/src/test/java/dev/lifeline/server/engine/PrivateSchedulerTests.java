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

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link PrivateScheduler}: the heartbeat, the cleanup sweep and the credential
 * expiry run on it, so its thread must be theirs alone, named and a daemon, must end when
 * they stop, and must come back when they are started again.
 */
class PrivateSchedulerTests {

	private static final String PREFIX = "lifeline-scheduler-test-";

	private final PrivateScheduler scheduler = new PrivateScheduler(PREFIX);

	@AfterEach
	void stop() {
		this.scheduler.stop();
	}

	@Test
	void isNotRunningBeforeStart() {
		assertThat(this.scheduler.isRunning()).isFalse();
		assertThat(this.scheduler.getIfRunning()).isNull();
	}

	@Test
	void stopWhenNeverStartedDoesNothing() {
		this.scheduler.stop();
		assertThat(this.scheduler.isRunning()).isFalse();
		assertThat(this.scheduler.getIfRunning()).isNull();
	}

	@Test
	void startHandsOutTheRunningScheduler() {
		ThreadPoolTaskScheduler started = this.scheduler.start();
		assertThat(this.scheduler.isRunning()).isTrue();
		assertThat(this.scheduler.getIfRunning()).isSameAs(started);
		assertThat(started.getScheduledThreadPoolExecutor().getCorePoolSize()).isOne();
	}

	@Test
	void runsScheduledWorkOnOneNamedDaemonThread() {
		Set<Thread> threads = ConcurrentHashMap.newKeySet();
		AtomicInteger runs = new AtomicInteger();
		this.scheduler.start().scheduleAtFixedRate(() -> {
			threads.add(Thread.currentThread());
			runs.incrementAndGet();
		}, Duration.ofMillis(10));
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(runs).hasValueGreaterThanOrEqualTo(3));
		assertThat(threads).singleElement().satisfies((thread) -> {
			assertThat(thread.getName()).startsWith(PREFIX);
			assertThat(thread.isDaemon()).isTrue();
		});
	}

	@Test
	void stopCancelsScheduledWorkAndEndsTheThread() {
		AtomicReference<Thread> thread = new AtomicReference<>();
		ThreadPoolTaskScheduler started = this.scheduler.start();
		started.execute(() -> thread.set(Thread.currentThread()));
		await().atMost(Duration.ofSeconds(5)).until(() -> thread.get() != null);
		ScheduledFuture<?> later = started.schedule(() -> {
		}, started.getClock().instant().plus(Duration.ofHours(1)));
		this.scheduler.stop();
		assertThat(this.scheduler.isRunning()).isFalse();
		assertThat(this.scheduler.getIfRunning()).isNull();
		assertThat(later.isCancelled()).isTrue();
		assertThat(started.getScheduledExecutor().isShutdown()).isTrue();
		await().atMost(Duration.ofSeconds(5)).until(() -> !thread.get().isAlive());
	}

	@Test
	void stopTwiceDoesNothingTheSecondTime() {
		this.scheduler.start();
		this.scheduler.stop();
		this.scheduler.stop();
		assertThat(this.scheduler.isRunning()).isFalse();
	}

	@Test
	void restartsWithANewSchedulerAfterStop() {
		ThreadPoolTaskScheduler first = this.scheduler.start();
		this.scheduler.stop();
		ThreadPoolTaskScheduler second = this.scheduler.start();
		assertThat(second).isNotSameAs(first);
		assertThat(this.scheduler.isRunning()).isTrue();
		assertThat(this.scheduler.getIfRunning()).isSameAs(second);
		AtomicInteger runs = new AtomicInteger();
		second.scheduleWithFixedDelay(runs::incrementAndGet, Duration.ofMillis(10));
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(runs).hasValueGreaterThanOrEqualTo(2));
		assertThat(first.getScheduledExecutor().isShutdown()).isTrue();
	}

}
