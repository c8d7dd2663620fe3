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
import java.util.Arrays;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Hands a STOMP broker's handler mappings to {@link StompEndpoints} once they exist, and
 * gives a simple broker without a heart-beat scheduler one: without it Spring's simple
 * broker answers every {@code CONNECT} with {@code heart-beat:0,0}, so clients cannot
 * tell a dead server from a quiet one. An application's own heart-beat value and
 * scheduler stay as they are, and a broker relay keeps the heart-beats of its broker.
 *
 * @author Lifeline contributors
 */
public final class StompBrokerPostProcessor implements BeanPostProcessor {

	private static final Log logger = LogFactory.getLog(StompBrokerPostProcessor.class);

	private final ObjectProvider<StompEndpoints> endpoints;

	private final Supplier<long @Nullable []> heartbeat;

	private final Supplier<@Nullable TaskScheduler> scheduler;

	/**
	 * Create a new post-processor.
	 * @param endpoints the STOMP endpoints Lifeline manages
	 * @param heartbeat the heart-beat value to give a simple broker without a scheduler,
	 * outgoing and incoming in milliseconds, or {@code null} for none
	 * @param scheduler the scheduler to give it, or {@code null} if there is none
	 */
	public StompBrokerPostProcessor(ObjectProvider<StompEndpoints> endpoints, Supplier<long @Nullable []> heartbeat,
			Supplier<@Nullable TaskScheduler> scheduler) {
		this.endpoints = endpoints;
		this.heartbeat = heartbeat;
		this.scheduler = scheduler;
	}

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		if (bean instanceof SimpleBrokerMessageHandler broker && broker.getTaskScheduler() == null) {
			giveHeartbeat(broker, beanName);
		}
		return bean;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof HandlerMapping && StompEndpoints.isStompMapping(bean)) {
			StompEndpoints endpoints = this.endpoints.getIfAvailable();
			if (endpoints != null) {
				endpoints.manage(beanName, bean);
			}
		}
		return bean;
	}

	private void giveHeartbeat(SimpleBrokerMessageHandler broker, String beanName) {
		long[] value = broker.getHeartbeatValue();
		if (value == null) {
			value = this.heartbeat.get();
		}
		if (value == null) {
			return;
		}
		TaskScheduler scheduler = this.scheduler.get();
		if (scheduler == null) {
			logger.warn("STOMP simple broker '" + beanName + "' has no heart-beat scheduler and there is no "
					+ "messageBrokerTaskScheduler to give it: it answers CONNECT with heart-beat:0,0. Set one with "
					+ "enableSimpleBroker(...).setTaskScheduler(...).");
			return;
		}
		broker.setHeartbeatValue(value);
		broker.setTaskScheduler(scheduler);
		if (logger.isDebugEnabled()) {
			logger.debug("STOMP simple broker '" + beanName + "' sends and expects heart-beats "
					+ Arrays.toString(value) + " ms, scheduled on the broker's task scheduler");
		}
	}

	/**
	 * Return a heart-beat value in milliseconds, or {@code null} when both intervals are
	 * zero.
	 * @param outgoing how often the broker sends heart-beats
	 * @param incoming how often the broker expects them
	 * @return the value, outgoing first
	 */
	public static long @Nullable [] heartbeatValue(Duration outgoing, Duration incoming) {
		if (outgoing.isZero() && incoming.isZero()) {
			return null;
		}
		return new long[] { outgoing.toMillis(), incoming.toMillis() };
	}

}
