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

package dev.lifeline.autoconfigure;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.StringUtils;

/**
 * Configuration properties for running several instances of a Lifeline application as
 * one, over Redis. Kept apart from {@link LifelineProperties} so that a single instance
 * needs none of them.
 *
 * @author Lifeline contributors
 */
@ConfigurationProperties("lifeline.cluster")
public class LifelineClusterProperties {

	/**
	 * Whether broadcasts, sends and closes reach the sessions of every instance sharing
	 * the application's Redis.
	 */
	private boolean enabled;

	/**
	 * Id of this instance in the cluster, unique among the instances; the host name and a
	 * random suffix when not set.
	 */
	private @Nullable String nodeId;

	/**
	 * Prefix of the Redis keys and channels used by the cluster, which instances of one
	 * application share and other applications must not.
	 */
	private String prefix = "lifeline:";

	/**
	 * How long the directory entries of an instance outlive its last refresh, which
	 * happens every third of it.
	 */
	private Duration directoryTtl = Duration.ofSeconds(30);

	/**
	 * Longest wait for a Redis command, after which the operation counts as failed.
	 */
	private Duration commandTimeout = Duration.ofSeconds(2);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable String getNodeId() {
		return this.nodeId;
	}

	public void setNodeId(@Nullable String nodeId) {
		this.nodeId = nodeId;
	}

	public String getPrefix() {
		return this.prefix;
	}

	public void setPrefix(String prefix) {
		this.prefix = prefix;
	}

	public Duration getDirectoryTtl() {
		return this.directoryTtl;
	}

	public void setDirectoryTtl(Duration directoryTtl) {
		this.directoryTtl = directoryTtl;
	}

	public Duration getCommandTimeout() {
		return this.commandTimeout;
	}

	public void setCommandTimeout(Duration commandTimeout) {
		this.commandTimeout = commandTimeout;
	}

	/**
	 * Return the configured node id, or the host name with a random suffix.
	 * @return the node id to use
	 */
	public String determineNodeId() {
		if (StringUtils.hasText(this.nodeId)) {
			return this.nodeId;
		}
		return hostName() + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(2);
	}

	private static String hostName() {
		String host = System.getenv("HOSTNAME");
		if (StringUtils.hasText(host)) {
			return host;
		}
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return "lifeline";
		}
	}

	/**
	 * Checks the values that binding alone cannot reject.
	 * @throws InvalidConfigurationPropertyValueException for the first invalid value
	 */
	public void validate() {
		if (this.directoryTtl.toMillis() < 300) {
			throw new InvalidConfigurationPropertyValueException("lifeline.cluster.directory-ttl", this.directoryTtl,
					"The value must be at least 300ms, for example '30s'.");
		}
		if (this.commandTimeout.isNegative() || this.commandTimeout.isZero()) {
			throw new InvalidConfigurationPropertyValueException("lifeline.cluster.command-timeout",
					this.commandTimeout, "The value must be positive, for example '2s'.");
		}
		if (this.nodeId != null && this.nodeId.contains(":")) {
			throw new InvalidConfigurationPropertyValueException("lifeline.cluster.node-id", this.nodeId,
					"The value must not contain ':', which separates the parts of Redis keys.");
		}
	}

}
