export function PinField({ label, value, onChange }: { label: string; value: string; onChange: (value: string) => void }) {
  return (
    <label>
      {label}
      <input type="password" autoComplete="off" maxLength={64} value={value} onChange={(e) => onChange(e.target.value)} />
    </label>
  );
}
