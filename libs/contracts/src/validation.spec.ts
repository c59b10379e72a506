import 'reflect-metadata';
import { plainToInstance, Type } from 'class-transformer';
import { IsInt, IsString, Min, ValidateNested, validateSync } from 'class-validator';
import { flattenValidationErrors } from './validation';

class Item {
  @IsInt({ message: 'jumlah harus bilangan bulat' })
  @Min(1)
  quantity: number;
}

class Order {
  @IsString()
  name: string;

  @ValidateNested({ each: true })
  @Type(() => Item)
  items: Item[];
}

describe('flattenValidationErrors', () => {
  it('gives one violation per failed rule with the dotted path as field and as the subject of the message', () => {
    const order = plainToInstance(Order, { name: 7, items: [{ quantity: 2 }, { quantity: 0 }, { quantity: 1.5 }] });
    expect(flattenValidationErrors(validateSync(order))).toEqual([
      { field: 'name', rule: 'isString', message: 'name must be a string' },
      { field: 'items.1.quantity', rule: 'min', message: 'items.1.quantity must not be less than 1' },
      // A custom message that does not start with the property is prefixed with the path.
      { field: 'items.2.quantity', rule: 'isInt', message: 'items.2.quantity: jumlah harus bilangan bulat' },
    ]);
  });

  it('prefixes the parent path when given one', () => {
    const [violation] = flattenValidationErrors(validateSync(plainToInstance(Item, { quantity: 0 })), 'payload');
    expect(violation).toEqual({ field: 'payload.quantity', rule: 'min', message: 'payload.quantity must not be less than 1' });
  });
});
