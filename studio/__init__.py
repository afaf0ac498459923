"""The practice studio: an exercise's notation (Verovio) and audio (FluidSynth), the take page, the recorder."""
