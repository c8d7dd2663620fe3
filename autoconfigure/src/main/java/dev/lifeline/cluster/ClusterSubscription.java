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

package dev.lifeline.cluster;

import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.util.backoff.FixedBackOff;

/**
 * This node's subscription to the broadcast channel and its own channel: a
 * {@link RedisMessageListenerContainer} driven by hand, so that an instance starts even
 * while Redis is down. Once subscribed, Lettuce resubscribes by itself after a reconnect,
 * and the container recovers a subscription that fails; a container whose first
 * subscription failed is discarded, and the next {@link #subscribeIfNeeded()} tries a new
 * one.
 *
 * @author Lifeline contributors
 */
final class ClusterSubscription {

	private static final Log logger = LogFactory.getLog(ClusterSubscription.class);

	private final RedisConnectionFactory connectionFactory;

	private final MessageListener listener;

	private final List<ChannelTopic> topics;

	private final ClusterExecutors executors;

	private final RedisStatus status;

	private final String beanName;

	private volatile boolean active;

	private volatile @Nullable RedisMessageListenerContainer container;

	ClusterSubscription(RedisConnectionFactory connectionFactory, MessageListener listener, List<String> channels,
			ClusterExecutors executors, RedisStatus status, String beanName) {
		this.connectionFactory = connectionFactory;
		this.listener = listener;
		this.topics = channels.stream().map(ChannelTopic::new).toList();
		this.executors = executors;
		this.status = status;
		this.beanName = beanName;
	}

	/**
	 * Start subscribing; a failure is recorded and retried by
	 * {@link #subscribeIfNeeded()}.
	 */
	void start() {
		this.active = true;
		subscribe();
	}

	/**
	 * Try again to subscribe if the last try failed.
	 */
	void subscribeIfNeeded() {
		if (this.active && this.container == null) {
			subscribe();
		}
	}

	boolean isSubscribed() {
		return this.container != null;
	}

	private void subscribe() {
		RedisMessageListenerContainer container = new RedisMessageListenerContainer();
		container.setConnectionFactory(this.connectionFactory);
		// One thread delivers in the order messages were published.
		container.setTaskExecutor(this.executors.dispatcher());
		container.setRecoveryBackoff(new FixedBackOff(1000, FixedBackOff.UNLIMITED_ATTEMPTS));
		container.setBeanName(this.beanName);
		container.addMessageListener(this.listener, this.topics);
		container.afterPropertiesSet();
		try {
			container.start();
		}
		catch (RuntimeException ex) {
			this.status.failed("subscribe", ex);
			discard(container);
			return;
		}
		if (this.active) {
			this.container = container;
			this.status.setSubscribed(true);
		}
		else {
			discard(container);
		}
	}

	/**
	 * Unsubscribe, and stop retrying.
	 */
	void stop() {
		this.active = false;
		RedisMessageListenerContainer container = this.container;
		if (container != null) {
			discard(container);
			this.container = null;
			this.status.setSubscribed(false);
		}
	}

	private static void discard(RedisMessageListenerContainer container) {
		try {
			container.stop();
			container.destroy();
		}
		catch (Exception ex) {
			logger.debug("Failed to stop a cluster listener container", ex);
		}
	}

}
