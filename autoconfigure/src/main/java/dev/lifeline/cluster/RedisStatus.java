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

import java.time.Duration;
import java.util.concurrent.TimeoutException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Exceptions;

/**
 * What this node last learned of Redis, shared by the relay, the directory and the
 * subscription: why the last command failed, until one succeeds while the node is
 * subscribed. The first failure after a success is logged at WARN, those that follow at
 * DEBUG, so that an outage is one line in the log, not one per message.
 *
 * @author Lifeline contributors
 */
final class RedisStatus {

	private static final Log logger = LogFactory.getLog(RedisStatus.class);

	static final String NOT_SUBSCRIBED = "Not subscribed to the cluster channels yet";

	private final String nodeId;

	private final Duration commandTimeout;

	private volatile boolean subscribed;

	private volatile @Nullable String failure;

	RedisStatus(String nodeId, Duration commandTimeout) {
		this.nodeId = nodeId;
		this.commandTimeout = commandTimeout;
	}

	/**
	 * Return why the last command failed, or why the node is not subscribed.
	 * @return the reason, or {@code null} while Redis answers
	 */
	@Nullable String getFailure() {
		return this.failure;
	}

	void setSubscribed(boolean subscribed) {
		this.subscribed = subscribed;
	}

	/**
	 * Record that a command succeeded.
	 */
	void succeeded() {
		this.failure = this.subscribed ? null : NOT_SUBSCRIBED;
	}

	/**
	 * Record that a command failed.
	 * @param operation what failed, for the log
	 * @param ex the failure
	 */
	void failed(String operation, Throwable ex) {
		String reason = reason(ex);
		String previous = this.failure;
		this.failure = reason;
		if (previous == null) {
			logger.warn("Lifeline cluster node " + this.nodeId + ": Redis " + operation + " failed: " + reason);
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("Lifeline cluster node " + this.nodeId + ": Redis " + operation + " failed: " + reason);
		}
	}

	/**
	 * Say in one line why a command failed.
	 * @param ex the failure
	 * @return the reason
	 */
	String reason(Throwable ex) {
		Throwable cause = Exceptions.unwrap(ex);
		if (cause instanceof TimeoutException) {
			return "Redis did not answer within " + this.commandTimeout.toMillis() + " ms";
		}
		String message = cause.getMessage();
		return (message != null) ? message : cause.getClass().getSimpleName();
	}

}
