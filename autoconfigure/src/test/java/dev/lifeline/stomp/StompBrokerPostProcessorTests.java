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

package dev.lifeline.stomp;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler;
import org.springframework.messaging.support.ExecutorSubscribableChannel;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link StompBrokerPostProcessor}: a simple broker gets heart-beats only when
 * the application gave it no scheduler, and keeps a value of its own.
 */
class StompBrokerPostProcessorTests {

	private final TaskScheduler scheduler = new ThreadPoolTaskScheduler();

	private final StompBrokerPostProcessor postProcessor = new StompBrokerPostProcessor(
			new StaticListableBeanFactory().getBeanProvider(StompEndpoints.class),
			() -> StompBrokerPostProcessor.heartbeatValue(Duration.ofSeconds(10), Duration.ofSeconds(20)),
			() -> this.scheduler);

	@Test
	void brokerWithoutSchedulerGetsOneAndTheConfiguredValue() {
		SimpleBrokerMessageHandler broker = broker();
		this.postProcessor.postProcessBeforeInitialization(broker, "simpleBrokerMessageHandler");
		assertThat(broker.getTaskScheduler()).isSameAs(this.scheduler);
		assertThat(broker.getHeartbeatValue()).containsExactly(10000, 20000);
	}

	@Test
	void brokerWithItsOwnValueKeepsIt() {
		SimpleBrokerMessageHandler broker = broker();
		broker.setHeartbeatValue(new long[] { 0, 0 });
		this.postProcessor.postProcessBeforeInitialization(broker, "simpleBrokerMessageHandler");
		assertThat(broker.getHeartbeatValue()).containsExactly(0, 0);
	}

	@Test
	void brokerWithItsOwnSchedulerIsLeftAlone() {
		SimpleBrokerMessageHandler broker = broker();
		ThreadPoolTaskScheduler own = new ThreadPoolTaskScheduler();
		broker.setTaskScheduler(own);
		broker.setHeartbeatValue(new long[] { 1000, 1000 });
		this.postProcessor.postProcessBeforeInitialization(broker, "simpleBrokerMessageHandler");
		assertThat(broker.getTaskScheduler()).isSameAs(own);
		assertThat(broker.getHeartbeatValue()).containsExactly(1000, 1000);
	}

	@Test
	void zeroIntervalsMeanNoHeartBeats() {
		assertThat(StompBrokerPostProcessor.heartbeatValue(Duration.ZERO, Duration.ZERO)).isNull();
	}

	private static SimpleBrokerMessageHandler broker() {
		ExecutorSubscribableChannel channel = new ExecutorSubscribableChannel();
		return new SimpleBrokerMessageHandler(channel, new ExecutorSubscribableChannel(), channel,
				java.util.List.of("/topic"));
	}

}
