// The ring of an incoming call while the app is open: a two-tone cadence made with Web Audio
// (no sound file to download or cache) and vibration where the phone has it. Browsers may keep
// audio muted until the person has touched the page once; the notification rings in that case.

const PATTERN_MS = { on: 1500, off: 2500 };

export class Ringer {
  constructor() {
    this.timer = null;
    this.context = null;
  }

  start() {
    if (this.timer) return;
    const ring = () => {
      this.beep();
      navigator.vibrate?.([PATTERN_MS.on]);
    };
    ring();
    this.timer = setInterval(ring, PATTERN_MS.on + PATTERN_MS.off);
  }

  beep() {
    try {
      this.context ??= new AudioContext();
      const gain = this.context.createGain();
      gain.gain.value = 0.15;
      gain.connect(this.context.destination);
      const end = this.context.currentTime + PATTERN_MS.on / 1000;
      for (const frequency of [440, 480]) {
        const tone = this.context.createOscillator();
        tone.frequency.value = frequency;
        tone.connect(gain);
        tone.start();
        tone.stop(end);
      }
    } catch {
      // No Web Audio: the screen and the notification still show the call.
    }
  }

  stop() {
    clearInterval(this.timer);
    this.timer = null;
    navigator.vibrate?.(0);
  }
}
