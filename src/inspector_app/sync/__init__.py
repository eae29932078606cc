"""What the laptop and the center's server share: protocol messages, merge, client, bundles."""
