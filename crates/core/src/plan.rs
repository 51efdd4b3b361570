//! The incident-response plan an MSP keeps for each client.
