"""Webhooks: endpoints, signing (Standard Webhooks) and the at-least-once delivery engine."""
